import {
  WorkspaceCrashLog,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Knex } from 'knex';
import { capCrashLog } from './capCrashLog';
import {
  inOneStatement,
  leaseFreeFor,
  runPodUpdate,
  setStatusIfUnchanged,
  statusColumns,
  statusEventRow,
  StatusWrite,
} from './statusWrites';
import { openRunSubqueries } from './joinOpenRun';
import { rowToWorkspace, toDate } from './rows';
import { WorkspaceRecord } from '../model/records';

/** The open run of a workspace, as a status pass reads it. */
export interface OpenRun {
  id: string;
  startedAt: Date;
  /** Set once the run was Running: the pod it ran in. */
  podName?: string;
}

/** The lease a pass holds; `released` once a write gave it back (`setStatus`). */
export interface HeldLease {
  owner: string;
  released?: boolean;
}

/** What the runtime observed of a workspace. */
export interface ObservedStatus {
  status: WorkspaceStatus;
  reason: string;
  message: string;
}

/** A status change as recorded, for whoever reacts to it. */
export interface RecordedStatusChange {
  /** The status before the change. */
  from: WorkspaceStatus;
  observed: ObservedStatus;
  /**
   * The open run the change happened in, when the status itself changed:
   * `firstRunning` tells whether this change made the run Running for the
   * first time (not back from Degraded or Unknown).
   */
  run?: { id: string; startedAt: Date; firstRunning: boolean };
}

/**
 * The runtime's view of the database: leases, observed statuses, runs. Status
 * changes do not touch the revision, which guards the user's edits only.
 */
export class RuntimeStore {
  constructor(
    private readonly knex: Knex,
    private readonly options: {
      /**
       * Called once after a new observed status is recorded, by the replica
       * that recorded it (the one holding the workspace's lease).
       */
      onStatusChange?: (
        record: WorkspaceRecord,
        change: RecordedStatusChange,
      ) => void;
    } = {},
  ) {}

  /**
   * Takes (or renews) the lease on a workspace for `owner`, and reads the
   * workspace and its open run in the same statement: undefined while
   * another replica holds the lease; no `record` once the workspace is
   * deleted.
   */
  async acquireLease(
    id: string,
    owner: string,
    now: Date,
    ttlMs: number,
  ): Promise<{ record?: WorkspaceRecord; openRun?: OpenRun } | undefined> {
    const [row] = await this.knex('workspaces')
      .where({ id })
      .andWhere(leaseFreeFor(owner, now))
      .update(
        {
          lease_owner: owner,
          lease_expires_at: new Date(now.getTime() + ttlMs),
        },
        ['*', ...openRunSubqueries(this.knex)],
      );
    if (!row) {
      return undefined;
    }
    if (row.deleted_at) {
      return {};
    }
    return {
      record: rowToWorkspace(row),
      ...(row.open_run_id && {
        openRun: toOpenRun({
          id: row.open_run_id,
          started_at: row.open_run_started_at,
          pod_name: row.open_run_pod_name,
        }),
      }),
    };
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.knex('workspaces')
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  /**
   * Columns that give the lease back with an update, as `releaseLease`:
   * only while `owner` holds it (both CASEs read the row as it was).
   */
  private releasedLeaseColumns(owner: string) {
    const nullIfOwned = (column: string) =>
      this.knex.raw('case when ?? = ? then null else ?? end', [
        'lease_owner',
        owner,
        column,
      ]);
    return {
      lease_owner: nullIfOwned('lease_owner'),
      lease_expires_at: nullIfOwned('lease_expires_at'),
    };
  }

  /** A workspace that is not yet deleted, whatever its desired state. */
  async getWorkspace(id: string): Promise<WorkspaceRecord | undefined> {
    const row = await this.knex('workspaces')
      .where({ id })
      .whereNull('deleted_at')
      .first();
    return row ? rowToWorkspace(row) : undefined;
  }

  /**
   * The workspaces the runtime must look after, each with its open run's id:
   * two statements, whatever their number.
   */
  async listActive(): Promise<
    Array<{ record: WorkspaceRecord; openRunId?: string }>
  > {
    const rows = await this.knex('workspaces').whereNull('deleted_at');
    const runs = await this.knex('workspace_runs')
      .whereNull('ended_at')
      .select('workspace_id', 'id');
    const openRuns = new Map<string, string>(
      runs.map(run => [run.workspace_id, run.id]),
    );
    return rows.map(row => ({
      record: rowToWorkspace(row),
      openRunId: openRuns.get(row.id),
    }));
  }

  /** Ids of the workspaces the runtime must look after. */
  async listActiveIds(): Promise<string[]> {
    const rows = await this.knex('workspaces')
      .whereNull('deleted_at')
      .select('id');
    return rows.map(row => row.id);
  }

  /**
   * Records a new observed status, with its event; nothing if unchanged.
   * `pass` is what the status pass already read: the open run (so it is not
   * read again) and, when the status is Running, the pod it runs in, noted
   * on the run all or none with the status (see `inOneStatement`). With
   * the pass's `lease`, when this is the pass's last write, the status's
   * update gives the lease back too: one statement fewer per pass.
   */
  async setStatus(
    record: WorkspaceRecord,
    observed: ObservedStatus,
    now: Date,
    pass?: {
      openRun?: OpenRun;
      pod?: { name: string; nodeName?: string };
      lease?: HeldLease;
    },
  ): Promise<boolean> {
    if (
      record.status === observed.status &&
      record.statusReason === observed.reason &&
      record.statusMessage === observed.message
    ) {
      return false;
    }
    const statusChanged = record.status !== observed.status;
    const writes = (db: Knex, openRun?: OpenRun) => {
      const write = { record, observed, now, openRun, pod: pass?.pod };
      const event = statusEventRow(write);
      const runPod = runPodUpdate(db, write);
      return [
        db('workspaces')
          .where({ id: record.id })
          .update({
            ...statusColumns(write),
            ...(pass?.lease && this.releasedLeaseColumns(pass.lease.owner)),
          }),
        ...(event ? [db('workspace_status_events').insert(event)] : []),
        ...(runPod ? [runPod] : []),
      ];
    };
    let openRun = pass?.openRun;
    if (pass || !statusChanged) {
      // what a pass read is enough: a new message of the same status is
      // one statement, and so is a status change on PostgreSQL (see
      // `inOneStatement`); no BEGIN and COMMIT, two round trips fewer
      await inOneStatement(this.knex, writes(this.knex, openRun));
    } else {
      await this.knex.transaction(async trx => {
        openRun = await readOpenRun(trx, record.id);
        for (const write of writes(trx, openRun)) {
          await write;
        }
      });
    }
    if (pass?.lease) {
      pass.lease.released = true;
    }
    this.announce(record, observed, openRun);
    return true;
  }

  /**
   * As `setStatus` without the lease, for a status pass that read the
   * workspace from its own last write (see `setStatusIfUnchanged`): one
   * statement, false when the workspace changed meanwhile.
   */
  async setStatusIfUnchanged(
    write: StatusWrite,
    owner: string,
  ): Promise<boolean> {
    if (!(await setStatusIfUnchanged(this.knex, write, owner))) {
      return false;
    }
    this.announce(write.record, write.observed, write.openRun);
    return true;
  }

  /** Tells `onStatusChange` of a status recorded (in `openRun`). */
  private announce(
    record: WorkspaceRecord,
    observed: ObservedStatus,
    openRun?: OpenRun,
  ): void {
    const run: RecordedStatusChange['run'] =
      record.status !== observed.status && openRun
        ? {
            id: openRun.id,
            startedAt: openRun.startedAt,
            // its pod is noted once it is Running (runPodUpdate)
            firstRunning: observed.status === 'Running' && !openRun.podName,
          }
        : undefined;
    this.options.onStatusChange?.(
      {
        ...record,
        status: observed.status,
        statusReason: observed.reason,
        statusMessage: observed.message,
      },
      { from: record.status, observed, run },
    );
  }

  /**
   * Ends the open run, e.g. when it failed; with the crashed container's
   * last log lines when a crash failed it (capped, see `capCrashLog`).
   */
  async endRun(
    workspaceId: string,
    now: Date,
    reason: string,
    crashLog?: WorkspaceCrashLog,
  ): Promise<void> {
    await this.knex('workspace_runs')
      .where({ workspace_id: workspaceId })
      .whereNull('ended_at')
      .update({
        ended_at: now,
        end_reason: reason,
        ...(crashLog && { crash_log: JSON.stringify(capCrashLog(crashLog)) }),
      });
  }

  /** The workspace's objects are gone: it is deleted for good. */
  async markDeleted(record: WorkspaceRecord, now: Date): Promise<void> {
    await this.setStatus(
      record,
      { status: 'Deleting', reason: 'Deleted', message: 'All objects removed' },
      now,
    );
    await this.knex('workspaces')
      .where({ id: record.id })
      .update({ deleted_at: now });
  }
}

async function readOpenRun(
  knex: Knex,
  workspaceId: string,
): Promise<OpenRun | undefined> {
  const run = await knex('workspace_runs')
    .where({ workspace_id: workspaceId })
    .whereNull('ended_at')
    .orderBy('started_at', 'desc')
    .first();
  return run ? toOpenRun(run) : undefined;
}

function toOpenRun(run: {
  id: string;
  started_at: unknown;
  pod_name?: string | null;
}): OpenRun {
  return {
    id: run.id,
    startedAt: toDate(run.started_at),
    ...(run.pod_name && { podName: run.pod_name }),
  };
}
