import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { Button, Tooltip } from '@material-ui/core';
import ScheduleIcon from '@material-ui/icons/Schedule';
import Alert from '@material-ui/lab/Alert';
import { useKeepAlive } from '../../hooks/useKeepAlive';

function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "stops at 14:30: idle for 60 min" */
export function describeAutoStop(autoStop: NonNullable<Workspace['autoStop']>) {
  return `Stops at ${clockTime(autoStop.at)}: ${autoStop.message}`;
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
  const autoStop = workspace.autoStop;
  if (!autoStop) return null;
  const { extensionMinutes, remaining } = autoStop.keepAlive;

  return (
    <Alert
      severity="warning"
      role="alert"
      aria-label="Automatic stop"
      action={
        remaining > 0 ? (
          <Button
            color="inherit"
            size="small"
            disabled={busy}
            onClick={keepAlive}
          >
            Keep alive for {extensionMinutes} min
          </Button>
        ) : undefined
      }
    >
      {describeAutoStop(autoStop)}. Volumes and configuration are kept.{' '}
      {remaining > 0
        ? `${remaining} keep-alive${
            remaining === 1 ? '' : 's'
          } left for this run.`
        : 'It was kept alive as often as allowed: save your work.'}
      {error && <div>{error}</div>}
    </Alert>
  );
}

/** A small clock in the grid for a workspace that is about to stop. */
export function AutoStopIndicator(props: { workspace: Workspace }) {
  const { autoStop } = props.workspace;
  if (!autoStop) return null;
  const text = describeAutoStop(autoStop);
  return (
    <Tooltip title={text}>
      <ScheduleIcon fontSize="small" color="error" titleAccess={text} />
    </Tooltip>
  );
}
