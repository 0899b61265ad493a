import { Knex } from 'knex';
import { joinOpenRun, WORKSPACE_WITH_OPEN_RUN_COLUMNS } from './joinOpenRun';
import { rowToWorkspace } from './rows';
import { AutoStopRecord, WorkspaceRecord } from '../model/records';

/**
 * The policy engine's view of the database. Every write is conditional on
 * the state it was decided from, so that of two engines acting at once only
 * one warns, keeps alive or claims a scheduled start.
 */
export class LifecycleStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Workspaces that run, or that have a schedule, each with its open run's
   * start (`runStartedAt`): one statement, whatever their number.
   */
  async listCandidates(): Promise<WorkspaceRecord[]> {
    const rows = await joinOpenRun(this.knex('workspaces'))
      .whereNull('workspaces.deleted_at')
      .andWhere(q =>
        q
          .where('workspaces.desired_state', 'Running')
          .orWhereNotNull('workspaces.schedule'),
      )
      .select(WORKSPACE_WITH_OPEN_RUN_COLUMNS);
    return rows.map(rowToWorkspace);
  }

  /** Records the warning; false if another runner warned first. */
  async markWarned(id: string, autoStop: AutoStopRecord): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({ id, desired_state: 'Running' })
      .whereNull('auto_stop_warned_at')
      .whereNull('deleted_at')
      .update({
        auto_stop_at: autoStop.at,
        auto_stop_reason: autoStop.reason,
        auto_stop_message: autoStop.message,
        auto_stop_warned_at: autoStop.warnedAt,
      });
    return count === 1;
  }

  /** The warned-about stop no longer applies (activity came back). */
  async clearWarning(id: string, warnedAt: Date): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({ id, auto_stop_warned_at: warnedAt })
      .update({
        auto_stop_at: null,
        auto_stop_reason: null,
        auto_stop_message: null,
        auto_stop_warned_at: null,
      });
    return count === 1;
  }

  /**
   * A keep-alive of the current run: no auto-stop before `until`, and the
   * warning is gone. False if another keep-alive counted first.
   */
  async keepAlive(
    id: string,
    until: Date,
    expectedCount: number,
  ): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({ id, desired_state: 'Running', keep_alive_count: expectedCount })
      .whereNull('deleted_at')
      .update({
        keep_alive_until: until,
        keep_alive_count: expectedCount + 1,
        auto_stop_at: null,
        auto_stop_reason: null,
        auto_stop_message: null,
        auto_stop_warned_at: null,
      });
    return count === 1;
  }

  /**
   * Claims the scheduled start at `occurrence` for this runner; false if it
   * was handled already, or the workspace is not stopped.
   */
  async claimScheduledStart(id: string, occurrence: Date): Promise<boolean> {
    const count = await this.knex('workspaces')
      .where({ id, desired_state: 'Stopped' })
      .whereNull('deleted_at')
      .andWhere(q =>
        q
          .whereNull('schedule_handled_at')
          .orWhere('schedule_handled_at', '<', occurrence),
      )
      .update({ schedule_handled_at: occurrence });
    return count === 1;
  }
}
