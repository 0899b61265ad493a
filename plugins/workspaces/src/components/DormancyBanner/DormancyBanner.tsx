import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useKeepAlive } from '../../hooks/useKeepAlive';
import { useWorkspacesTranslation } from '../../translation';

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
  const { t } = useWorkspacesTranslation();
  const deleteAt = workspace.dormancy?.deleteAt;
  if (!deleteAt) return null;
  const times = {
    stoppedSince: new Date(
      workspace.dormancy!.stoppedSince,
    ).toLocaleDateString(),
    deleteAt: new Date(deleteAt).toLocaleString(),
  };

  return (
    <Alert
      severity="warning"
      role="alert"
      aria-label={t('dormancy.label')}
      action={
        <Button
          color="inherit"
          size="small"
          disabled={busy}
          onClick={keepAlive}
        >
          {t('dormancy.keep')}
        </Button>
      }
    >
      {workspace.dormancy?.deletion === 'workspace'
        ? t('dormancy.deleteWorkspace', times)
        : t('dormancy.deleteVolumes', times)}
      {error && <div>{error}</div>}
    </Alert>
  );
}
