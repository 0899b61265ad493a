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
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

function describeLoss(
  workspace: Workspace,
  dataSources: WorkspaceDataSource[],
  t: WorkspacesT,
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
      .map(({ source, size }) =>
        t('actions.deleteDialog.lostVolume', {
          title: source.title,
          size,
          mountPath: source.mountPath,
        }),
      ),
    kept: volumes
      .filter(({ source }) => source.retain)
      .map(({ source, size }) =>
        t('actions.deleteDialog.keptVolume', { title: source.title, size }),
      ),
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
  const { t } = useWorkspacesTranslation();
  const { lost, kept } = describeLoss(workspace, dataSources, t);
  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-workspace-title">
      <DialogTitle id="delete-workspace-title">
        {t('actions.deleteDialog.title', { name: workspace.name })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{t('actions.deleteDialog.body')}</DialogContentText>
        {lost.length > 0 && (
          <DialogContentText>
            {t('actions.deleteDialog.lost', { volumes: lost.join(', ') })}
          </DialogContentText>
        )}
        {kept.length > 0 && (
          <DialogContentText>
            {t('actions.deleteDialog.kept', { volumes: kept.join(', ') })}
          </DialogContentText>
        )}
        <DialogContentText>
          {t('actions.deleteDialog.stopInstead')}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button color="secondary" variant="contained" onClick={onConfirm}>
          {t('actions.deleteDialog.confirm', { name: workspace.name })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
