import {
  formatDuration,
  formatMemory,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Tooltip, Typography } from '@material-ui/core';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

const day = (time: string) => new Date(time).toLocaleDateString();
const DAY_MS = 24 * 3_600_000;

/** Days from two on, else hours and minutes. */
function stoppedFor(ms: number, t: WorkspacesT): string {
  return ms >= 2 * DAY_MS
    ? t('dormancy.days', { count: Math.floor(ms / DAY_MS) })
    : formatDuration(ms);
}

/**
 * What a stopped workspace holds and what dormancy does about it, for
 * admins: the storage of its volumes, how long it has been stopped, and the
 * deletion it was warned of (or that its volumes were deleted).
 */
export function DormancyCell(props: { workspace: Workspace; now: Date }) {
  const { storage, dormancy } = props.workspace;
  const { t } = useWorkspacesTranslation();
  if (!storage && !dormancy) {
    // a backend that does not tell
    return null;
  }
  const volumes = storage?.volumes ?? [];
  const held =
    storage && storage.bytes > 0 ? (
      <Tooltip
        title={volumes
          .map(v =>
            t(v.retained ? 'dormancy.retained' : 'dormancy.volume', {
              dataSource: v.dataSource,
              size: v.size,
            }),
          )
          .join(', ')}
      >
        <span>{formatMemory(storage.bytes)}</span>
      </Tooltip>
    ) : (
      <span>{t('common.dash')}</span>
    );
  if (!dormancy) {
    return held;
  }
  const stopped = stoppedFor(
    props.now.getTime() - new Date(dormancy.stoppedSince).getTime(),
    t,
  );
  let fate: string | undefined;
  if (dormancy.volumesDeletedAt) {
    fate = t('dormancy.volumesDeleted', {
      day: day(dormancy.volumesDeletedAt),
    });
  } else if (dormancy.deleteAt) {
    fate = t(
      dormancy.deletion === 'workspace'
        ? 'dormancy.workspaceDeletedOn'
        : 'dormancy.volumesDeletedOn',
      { day: day(dormancy.deleteAt) },
    );
  }
  return (
    <Box display="flex" flexDirection="column">
      {held}
      <Typography variant="caption" color="textSecondary">
        {t('dormancy.stopped', { duration: stopped })}
      </Typography>
      {fate && (
        <Typography
          variant="caption"
          color={dormancy.volumesDeletedAt ? 'textSecondary' : 'error'}
        >
          {t('dormancy.dormant', { fate })}
        </Typography>
      )}
    </Box>
  );
}
