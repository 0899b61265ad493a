import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useKeepAlive } from '../../hooks/useKeepAlive';

/**
 * The dormancy warning of a stopped workspace: what will be deleted and
 * when, with a button that keeps it (restarts its dormancy clock).
 */
export function DormancyBanner(props: {
  workspace: Workspace;
  onChanged(workspace: Workspace): void;
}) {
  const { workspace, onChanged } = props;
  const { keepAlive, busy, error } = useKeepAlive(workspace, onChanged);
  const deleteAt = workspace.dormancy?.deleteAt;
  if (!deleteAt) return null;
  const what =
    workspace.dormancy?.deletion === 'workspace'
      ? 'it will be deleted'
      : 'its volumes will be deleted (its configuration is kept)';

  return (
    <Alert
      severity="warning"
      role="alert"
      aria-label="Dormancy"
      action={
        <Button
          color="inherit"
          size="small"
          disabled={busy}
          onClick={keepAlive}
        >
          Keep it
        </Button>
      }
    >
      Stopped since{' '}
      {new Date(workspace.dormancy!.stoppedSince).toLocaleDateString()}: on{' '}
      {new Date(deleteAt).toLocaleString()} {what}, unless it is started or
      kept.
      {error && <div>{error}</div>}
    </Alert>
  );
}
