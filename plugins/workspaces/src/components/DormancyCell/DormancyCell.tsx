import {
  formatDuration,
  formatMemory,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Tooltip, Typography } from '@material-ui/core';

const day = (time: string) => new Date(time).toLocaleDateString();
const DAY_MS = 24 * 3_600_000;

/** Days from two on, else hours and minutes. */
function stoppedFor(ms: number): string {
  return ms >= 2 * DAY_MS
    ? `${Math.floor(ms / DAY_MS)} days`
    : formatDuration(ms);
}

/**
 * What a stopped workspace holds and what dormancy does about it, for
 * admins: the storage of its volumes, how long it has been stopped, and the
 * deletion it was warned of (or that its volumes were deleted).
 */
export function DormancyCell(props: { workspace: Workspace; now: Date }) {
  const { storage, dormancy } = props.workspace;
  if (!storage && !dormancy) {
    // a backend that does not tell
    return null;
  }
  const volumes = storage?.volumes ?? [];
  const held =
    storage && storage.bytes > 0 ? (
      <Tooltip
        title={volumes
          .map(
            v => `${v.dataSource}: ${v.size}${v.retained ? ' (retained)' : ''}`,
          )
          .join(', ')}
      >
        <span>{formatMemory(storage.bytes)}</span>
      </Tooltip>
    ) : (
      <span>—</span>
    );
  if (!dormancy) {
    return held;
  }
  const stopped = stoppedFor(
    props.now.getTime() - new Date(dormancy.stoppedSince).getTime(),
  );
  let fate: string | undefined;
  if (dormancy.volumesDeletedAt) {
    fate = `volumes deleted ${day(dormancy.volumesDeletedAt)}`;
  } else if (dormancy.deleteAt) {
    fate = `${
      dormancy.deletion === 'workspace' ? 'deleted' : 'volumes deleted'
    } on ${day(dormancy.deleteAt)}`;
  }
  return (
    <Box display="flex" flexDirection="column">
      {held}
      <Typography variant="caption" color="textSecondary">
        stopped {stopped}
      </Typography>
      {fate && (
        <Typography
          variant="caption"
          color={dormancy.volumesDeletedAt ? 'textSecondary' : 'error'}
        >
          Dormant: {fate}
        </Typography>
      )}
    </Box>
  );
}
