import {
  Workspace,
  WorkspaceDataSource,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';

function describeLoss(
  workspace: Workspace,
  dataSources: WorkspaceDataSource[],
): { lost: string[]; kept: string[] } {
  const volumes = workspace.dataSources.flatMap(choice => {
    const source = dataSources.find(s => s.id === choice.id);
    return source?.type === 'volume'
      ? [{ source, size: choice.size ?? source.size }]
      : [];
  });
  return {
    lost: volumes
      .filter(({ source }) => !source.retain)
      .map(
        ({ source, size }) => `${source.title} (${size}, ${source.mountPath})`,
      ),
    kept: volumes
      .filter(({ source }) => source.retain)
      .map(({ source, size }) => `${source.title} (${size})`),
  };
}

/** Asks before deleting a workspace, naming it and the data that goes with it. */
export function DeleteWorkspaceDialog(props: {
  workspace: Workspace;
  dataSources: WorkspaceDataSource[];
  onConfirm(): void;
  onClose(): void;
}) {
  const { workspace, dataSources, onConfirm, onClose } = props;
  const { lost, kept } = describeLoss(workspace, dataSources);
  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-workspace-title">
      <DialogTitle id="delete-workspace-title">
        Delete workspace {workspace.name}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Its pod stops, and its configuration, environment variables and run
          history are deleted. This cannot be undone.
        </DialogContentText>
        {lost.length > 0 && (
          <DialogContentText>
            The data on these volumes is deleted with it: {lost.join(', ')}.
          </DialogContentText>
        )}
        {kept.length > 0 && (
          <DialogContentText>
            These volumes are kept for an administrator to reuse:{' '}
            {kept.join(', ')}.
          </DialogContentText>
        )}
        <DialogContentText>
          To free its CPU, memory and GPUs but keep everything, stop it instead.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="secondary" variant="contained" onClick={onConfirm}>
          Delete {workspace.name}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
