import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { Button, Tooltip } from '@material-ui/core';
import ScheduleIcon from '@material-ui/icons/Schedule';
import Alert from '@material-ui/lab/Alert';
import { useKeepAlive } from '../../hooks/useKeepAlive';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "Stops at 14:30: idle for 60 min" (the reason in the backend's words) */
export function describeAutoStop(
  autoStop: NonNullable<Workspace['autoStop']>,
  t: WorkspacesT,
) {
  return t('autoStop.stopsAt', {
    time: clockTime(autoStop.at),
    reason: autoStop.message,
  });
}

/**
 * The warning before an automatic stop, with a keep-alive button while the
 * run has keep-alives left.
 */
export function AutoStopBanner(props: {
  workspace: Workspace;
  onChanged(workspace: Workspace): void;
}) {
  const { workspace, onChanged } = props;
  const { keepAlive, busy, error } = useKeepAlive(workspace, onChanged);
  const { t } = useWorkspacesTranslation();
  const autoStop = workspace.autoStop;
  if (!autoStop) return null;
  const { extensionMinutes, remaining } = autoStop.keepAlive;

  return (
    <Alert
      severity="warning"
      role="alert"
      aria-label={t('autoStop.label')}
      action={
        remaining > 0 ? (
          <Button
            color="inherit"
            size="small"
            disabled={busy}
            onClick={keepAlive}
          >
            {t('autoStop.keepAlive', { minutes: String(extensionMinutes) })}
          </Button>
        ) : undefined
      }
    >
      {describeAutoStop(autoStop, t)}. {t('autoStop.kept')}{' '}
      {remaining > 0
        ? t('autoStop.remaining', { count: remaining })
        : t('autoStop.exhausted')}
      {error && <div>{error}</div>}
    </Alert>
  );
}

/** A small clock in the grid for a workspace that is about to stop. */
export function AutoStopIndicator(props: { workspace: Workspace }) {
  const { autoStop } = props.workspace;
  const { t } = useWorkspacesTranslation();
  if (!autoStop) return null;
  const text = describeAutoStop(autoStop, t);
  return (
    <Tooltip title={text}>
      <ScheduleIcon fontSize="small" color="error" titleAccess={text} />
    </Tooltip>
  );
}
