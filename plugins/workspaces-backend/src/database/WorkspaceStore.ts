import { ConflictError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { WorkspaceQueryFilter } from '@backstage-workspaces/plugin-workspaces-node';
import { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import { Knex } from 'knex';
import { applyWorkspaceFilter } from './applyWorkspaceFilter';
import { joinOpenRun, WORKSPACE_WITH_OPEN_RUN_COLUMNS } from './joinOpenRun';
import { listWorkspaces, ListWorkspacesOptions } from './listWorkspaces';
import { OwnedElsewhere, revisedRow } from './revisedRow';
import { RunningSum, sumRunning } from './sumRunning';
import { transitionStatement } from './transitionStatement';
import {
  rowToRun,
  rowToStatusEvent,
  rowToWorkspace,
  runToRow,
  workspaceToRow,
} from './rows';
import {
  RunRecord,
  StatusEventRecord,
  WorkspaceRecord,
} from '../model/records';

/** Who may see what: no filter (allowed everything), or conditions. */
export type WorkspaceVisibility =
  | { kind: 'all' }
  | { kind: 'filtered'; criteria: PermissionCriteria<WorkspaceQueryFilter> };

export type { ListWorkspacesOptions, OwnedElsewhere, RunningSum };

/** A status change to record together with a workspace change. */
export type StatusEventInput = Omit<StatusEventRecord, 'id' | 'workspaceId'>;

/** What a transition writes with the workspace, all or none (`applyTransition`). */
export interface TransitionWrites {
  /** The status event; its run is the new run, else the open one. */
  event: Omit<StatusEventInput, 'runId'>;
  /** Why the open run, if any, ends (at the event's time). */
  endReason: string;
  /** A start's new run. */
  newRun?: RunRecord;
}

/** Workspaces, runs and status events in the plugin's database. */
export class WorkspaceStore {
  constructor(private readonly knex: Knex) {}

  /** Runs `fn` in one transaction, with a store bound to it. */
  async transaction<T>(fn: (store: WorkspaceStore) => Promise<T>): Promise<T> {
    return this.knex.transaction(trx => fn(new WorkspaceStore(trx)));
  }

  async insertWorkspace(
    record: WorkspaceRecord,
    event: StatusEventInput,
  ): Promise<void> {
    try {
      await this.knex('workspaces').insert(workspaceToRow(record));
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) {
        throw new ConflictError(
          `name: a workspace named '${record.name}' already exists in ${record.projectRef}; names must be unique in a project`,
        );
      }
      throw error;
    }
    await this.insertStatusEvent(record.id, event);
  }

  /**
   * Records that a workspace's tools were used at `at`, unless a time after
   * `unlessSince` is recorded already: a write per interval, not per request,
   * whichever replica serves the requests.
   */
  async recordActivity(id: string, at: Date, unlessSince: Date): Promise<void> {
    await this.knex('workspaces')
      .where('id', id)
      .andWhere(query =>
        query
          .whereNull('last_activity_at')
          .orWhere('last_activity_at', '<', unlessSince),
      )
      .update({ last_activity_at: at });
  }

  /** A workspace that is not deleted, if the visibility lets the caller see it. */
  async getWorkspace(
    id: string,
    visibility: WorkspaceVisibility = { kind: 'all' },
  ): Promise<WorkspaceRecord | undefined> {
    return (await this.getWorkspaceForAction(id, visibility, { kind: 'all' }))
      ?.record;
  }

  /**
   * As `getWorkspace`, and in the same statement whether the caller may act
   * on it: `actable` is the visibility of the permission to act (undefined:
   * on no workspace).
   */
  async getWorkspaceForAction(
    id: string,
    visibility: WorkspaceVisibility,
    actable: WorkspaceVisibility | undefined,
  ): Promise<{ record: WorkspaceRecord; mayAct: boolean } | undefined> {
    const query = joinOpenRun(this.knex('workspaces'))
      .where('workspaces.id', id)
      .whereNull('workspaces.deleted_at')
      .first(WORKSPACE_WITH_OPEN_RUN_COLUMNS);
    if (visibility.kind === 'filtered') {
      applyWorkspaceFilter(query, visibility.criteria, this.knex);
    }
    if (actable?.kind === 'filtered') {
      // a condition on the row read, as a column: `select 1 where ...`
      const condition = this.knex.select(this.knex.raw('1'));
      applyWorkspaceFilter(condition, actable.criteria, this.knex);
      // (compiled here: as a binding, SQLite's client would wrap it twice)
      const { sql, bindings } = condition.toSQL();
      query.select(
        this.knex.raw(`exists (${sql}) as ??`, [...bindings, 'may_act']),
      );
    }
    const row = await query;
    if (!row) {
      return undefined;
    }
    return {
      record: rowToWorkspace(row),
      mayAct:
        actable?.kind === 'all' ||
        (actable?.kind === 'filtered' && Boolean(row.may_act)),
    };
  }

  /**
   * Writes a changed workspace, with its status event, if nobody changed it
   * since `expectedRevision`; the revision goes up by one. A stale revision
   * is a conflict. The columns other writers own (OWNED_ELSEWHERE) are
   * written only for the fields named in `alsoWrite`, e.g. a transition's
   * reset of the auto-stop: a change must not write back the values it read.
   */
  async updateWorkspace(
    record: WorkspaceRecord,
    expectedRevision: number,
    event?: StatusEventInput,
    alsoWrite: OwnedElsewhere[] = [],
  ): Promise<WorkspaceRecord> {
    const next = { ...record, revision: expectedRevision + 1 };
    const count = await this.knex('workspaces')
      .where({ id: record.id, revision: expectedRevision })
      .whereNull('deleted_at')
      .update(revisedRow(next, alsoWrite));
    if (count === 0) {
      throw staleRevision(record, expectedRevision);
    }
    if (event) {
      await this.insertStatusEvent(record.id, event);
    }
    return next;
  }

  /**
   * A change of the desired state (see WorkspaceTransitions), guarded by the
   * revision as `updateWorkspace`: the workspace, its status event, the end
   * of the open run and a start's new run. On PostgreSQL one statement
   * (`transitionStatement`), one round trip where a transaction takes up
   * to seven; elsewhere (SQLite) a transaction.
   */
  async applyTransition(
    record: WorkspaceRecord,
    expectedRevision: number,
    writes: TransitionWrites,
    alsoWrite: OwnedElsewhere[],
  ): Promise<WorkspaceRecord> {
    const next = { ...record, revision: expectedRevision + 1 };
    if (this.knex.client.config.client !== 'pg') {
      return this.transaction(async tx => {
        const open = await tx.getOpenRun(record.id);
        await tx.updateWorkspace(
          record,
          expectedRevision,
          { ...writes.event, runId: writes.newRun?.id ?? open?.id },
          alsoWrite,
        );
        if (open) {
          await tx.endRun(open.id, writes.event.time, writes.endReason);
        }
        if (writes.newRun) {
          await tx.insertRun(writes.newRun);
        }
        return next;
      });
    }
    const [{ count }] = await transitionStatement(this.knex, {
      id: record.id,
      expectedRevision,
      row: revisedRow(next, alsoWrite),
      writes,
    });
    if (Number(count) === 0) {
      throw staleRevision(record, expectedRevision);
    }
    return next;
  }

  /** A page of workspaces, filtered and sorted in SQL. */
  async listWorkspaces(options: ListWorkspacesOptions) {
    return listWorkspaces(this.knex, options);
  }

  async insertRun(run: RunRecord): Promise<void> {
    await this.knex('workspace_runs').insert(runToRow(run));
  }

  /** The run that has not ended yet, if any. */
  async getOpenRun(workspaceId: string): Promise<RunRecord | undefined> {
    const row = await this.knex('workspace_runs')
      .where({ workspace_id: workspaceId })
      .whereNull('ended_at')
      .orderBy('started_at', 'desc')
      .first();
    return row ? rowToRun(row) : undefined;
  }

  async endRun(runId: string, endedAt: Date, endReason: string): Promise<void> {
    await this.knex('workspace_runs')
      .where({ id: runId })
      .whereNull('ended_at')
      .update({ ended_at: endedAt, end_reason: endReason });
  }

  async listRuns(workspaceId: string): Promise<RunRecord[]> {
    const rows = await this.knex('workspace_runs')
      .where({ workspace_id: workspaceId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(rowToRun);
  }

  async listStatusEvents(workspaceId: string): Promise<StatusEventRecord[]> {
    const rows = await this.knex('workspace_status_events')
      .where({ workspace_id: workspaceId })
      .orderBy('id', 'desc');
    return rows.map(rowToStatusEvent);
  }

  /** What a project's and a user's workspaces meant to run request (`sumRunning`). */
  async sumRunning(
    of: { projectRef: string; createdBy: string },
    excludeId?: string,
  ): Promise<Record<'project' | 'user', RunningSum>> {
    return sumRunning(this.knex, of, excludeId);
  }

  /** Counts by status and the resources of running workspaces in a project. */
  async summarizeProject(projectRef: string, visibility: WorkspaceVisibility) {
    const query = this.knex('workspaces')
      .where('workspaces.project_ref', projectRef)
      .whereNull('workspaces.deleted_at');
    if (visibility.kind === 'filtered') {
      applyWorkspaceFilter(query, visibility.criteria, this.knex);
    }
    const rows: Array<{
      status: string;
      count: unknown;
      cpu: unknown;
      memory: unknown;
      gpus: unknown;
    }> = await query
      .select('workspaces.status')
      .count({ count: '*' })
      .sum({ cpu: 'workspaces.cpu_millicores' })
      .sum({ memory: 'workspaces.memory_bytes' })
      .sum({ gpus: 'workspaces.gpus' })
      .groupBy('workspaces.status');
    return rows.map(row => ({
      status: row.status as WorkspaceStatus,
      count: Number(row.count),
      cpuMillicores: Number(row.cpu ?? 0),
      memoryBytes: Number(row.memory ?? 0),
      gpus: Number(row.gpus ?? 0),
    }));
  }

  /** How many workspaces (not deleted) each project has in each status, in one query. */
  async countByStatusAndProject(): Promise<
    Array<{ status: WorkspaceStatus; projectRef: string; count: number }>
  > {
    const rows: Array<{ status: string; project_ref: string; count: unknown }> =
      await this.knex('workspaces')
        .whereNull('deleted_at')
        .select('status', 'project_ref')
        .count({ count: '*' })
        .groupBy('status', 'project_ref');
    return rows.map(row => ({
      status: row.status as WorkspaceStatus,
      projectRef: row.project_ref,
      count: Number(row.count),
    }));
  }

  private async insertStatusEvent(
    workspaceId: string,
    event: StatusEventInput,
  ): Promise<void> {
    await this.knex('workspace_status_events').insert({
      workspace_id: workspaceId,
      run_id: event.runId ?? null,
      time: event.time,
      from_status: event.from ?? null,
      to_status: event.to,
      reason: event.reason ?? null,
      message: event.message,
    });
  }
}

function staleRevision(
  record: WorkspaceRecord,
  expectedRevision: number,
): ConflictError {
  return new ConflictError(
    `revision: workspace ${record.name} was changed since revision ${expectedRevision}; reload it and try again`,
  );
}
