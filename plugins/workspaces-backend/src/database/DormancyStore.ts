import { Knex } from 'knex';
import { DormancyWarningRecord, WorkspaceRecord } from '../model/records';
import { rowToWorkspace } from './rows';

/**
 * The dormancy runner's view of the database. Every write is conditional on
 * the state it was decided from, so that of two runners acting at once only
 * one warns; a keep-alive also raises the revision, so that a deletion
 * decided before it (guarded by the revision) does not happen.
 */
export class DormancyStore {
  constructor(private readonly knex: Knex) {}

  /** Stopped workspaces, and any that still carry a dormancy warning. */
  async listCandidates(): Promise<WorkspaceRecord[]> {
    const rows = await this.knex('workspaces')
      .whereNull('deleted_at')
      .andWhere(q =>
        q
          .where(stopped =>
            stopped
              .where('desired_state', 'Stopped')
              .whereNotNull('stopped_at'),
          )
          .orWhereNotNull('dormancy_warned_at'),
      );
    return rows.map(rowToWorkspace);
  }

  /** Records the warning; false if another runner warned first, or it changed. */
  async markWarned(
    record: Pick<WorkspaceRecord, 'id' | 'revision'>,
    warning: DormancyWarningRecord,
  ): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({
        id: record.id,
        desired_state: 'Stopped',
        revision: record.revision,
      })
      .whereNull('dormancy_warned_at')
      .whereNull('deleted_at')
      .update({
        dormancy_warned_at: warning.warnedAt,
        dormancy_delete_at: warning.deleteAt,
      });
    return count === 1;
  }

  /** The warning no longer applies; false if it was cleared already. */
  async clearWarning(id: string, warnedAt: Date): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({ id, dormancy_warned_at: warnedAt })
      .update({ dormancy_warned_at: null, dormancy_delete_at: null });
    return count === 1;
  }

  /**
   * A keep-alive of a stopped workspace: its dormancy clock restarts at
   * `now` and a warning is withdrawn. False if it runs or changed meanwhile.
   */
  async keepAlive(
    record: Pick<WorkspaceRecord, 'id' | 'revision'>,
    now: Date,
  ): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({
        id: record.id,
        desired_state: 'Stopped',
        revision: record.revision,
      })
      .whereNull('deleted_at')
      .update({
        dormancy_kept_alive_at: now,
        dormancy_warned_at: null,
        dormancy_delete_at: null,
        revision: record.revision + 1,
        updated_at: now,
      });
    return count === 1;
  }
}
