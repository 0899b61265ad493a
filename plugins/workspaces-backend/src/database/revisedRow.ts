import { WorkspaceRecord } from '../model/records';
import { workspaceToRow, WorkspaceRow } from './rows';

/**
 * The columns of the fields other writers own: the tool proxy the activity
 * (recordActivity), the policy engine the auto-stop and keep-alives
 * (LifecycleStore), the dormancy runner its warning and the volumes it
 * deleted (DormancyStore); transitions reset them.
 */
const OWNED_ELSEWHERE = {
  lastActivityAt: ['last_activity_at'],
  autoStop: [
    'auto_stop_at',
    'auto_stop_reason',
    'auto_stop_message',
    'auto_stop_warned_at',
  ],
  keepAliveUntil: ['keep_alive_until'],
  keepAliveCount: ['keep_alive_count'],
  stoppedAt: ['stopped_at'],
  dormancyKeptAliveAt: ['dormancy_kept_alive_at'],
  dormancyWarning: ['dormancy_warned_at', 'dormancy_delete_at'],
  volumesDeletedAt: ['volumes_deleted_at'],
} satisfies Partial<Record<keyof WorkspaceRecord, Array<keyof WorkspaceRow>>>;

/** A field of the workspace that updateWorkspace writes only when named. */
export type OwnedElsewhere = keyof typeof OWNED_ELSEWHERE;

/**
 * The columns of a changed workspace, without those other writers own
 * (OWNED_ELSEWHERE) unless named in `alsoWrite`: a change must not write
 * back the values it read.
 */
export function revisedRow(
  record: WorkspaceRecord,
  alsoWrite: OwnedElsewhere[],
): Partial<WorkspaceRow> {
  const row: Partial<WorkspaceRow> = workspaceToRow(record);
  for (const [field, columns] of Object.entries(OWNED_ELSEWHERE)) {
    if (!alsoWrite.includes(field as OwnedElsewhere)) {
      for (const column of columns) delete row[column];
    }
  }
  return row;
}
