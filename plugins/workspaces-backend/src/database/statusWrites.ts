import { Knex } from 'knex';
import { WorkspaceRecord } from '../model/records';
import type { ObservedStatus, OpenRun } from './RuntimeStore';
import { insertFromChanged, timestamp } from './transitionStatement';

/**
 * The condition that `owner` may act on the workspace: no lease on it, an
 * expired one, or its own.
 */
export function leaseFreeFor(owner: string, now: Date) {
  return (lease: Knex.QueryBuilder) =>
    lease
      .whereNull('lease_expires_at')
      .orWhere('lease_expires_at', '<', now)
      .orWhere('lease_owner', owner);
}

/** A status to record, and what a status pass read with it. */
export interface StatusWrite {
  /** The workspace as on record before the write. */
  record: WorkspaceRecord;
  observed: ObservedStatus;
  now: Date;
  openRun?: OpenRun;
  /** The pod the workspace runs in, noted on its run once it is Running. */
  pod?: { name: string; nodeName?: string };
}

/** The workspace's status columns after the write. */
export function statusColumns({ record, observed, now }: StatusWrite) {
  return {
    status: observed.status,
    status_reason: observed.reason,
    status_message: observed.message,
    ...(record.status !== observed.status && { status_since: now }),
  };
}

/** The status event of a change of status, if the status itself changes. */
export function statusEventRow({
  record,
  observed,
  now,
  openRun,
}: StatusWrite) {
  if (record.status === observed.status) {
    return undefined;
  }
  return {
    workspace_id: record.id,
    run_id: openRun?.id ?? null,
    time: now,
    from_status: record.status,
    to_status: observed.status,
    reason: observed.reason,
    message: observed.message,
  };
}

/** The run's update that notes its pod, once the workspace is Running in it. */
export function runPodUpdate(db: Knex, write: StatusWrite) {
  const { openRun, pod, observed } = write;
  if (!openRun || !pod || observed.status !== 'Running') {
    return undefined;
  }
  return db('workspace_runs')
    .where({ id: openRun.id })
    .update({ pod_name: pod.name, node_name: pod.nodeName ?? null });
}

/**
 * Records a status without the workspace's lease, for a status pass that
 * read the workspace from its own last write: only while the workspace is
 * still as `write.record` says (its revision, its status, not deleted) and
 * no other replica holds its lease (`owner` is this replica), with its
 * status event and its run's pod, all or none; on PostgreSQL in one
 * statement. False when the workspace was not as read: a pass under the
 * lease reads it again.
 */
export async function setStatusIfUnchanged(
  knex: Knex,
  write: StatusWrite,
  owner: string,
): Promise<boolean> {
  const { record, now } = write;
  const unchanged = (db: Knex) =>
    db('workspaces')
      .where({
        id: record.id,
        revision: record.revision,
        status: record.status,
        status_reason: record.statusReason ?? null,
        status_message: record.statusMessage,
      })
      .whereNull('deleted_at')
      .andWhere(leaseFreeFor(owner, now));
  const event = statusEventRow(write);
  if (knex.client.config.client !== 'pg') {
    // SQLite: a transaction, whose round trips are in-process
    return knex.transaction(async trx => {
      if ((await unchanged(trx).update(statusColumns(write))) === 0) {
        return false;
      }
      if (event) {
        await trx('workspace_status_events').insert(event);
      }
      await runPodUpdate(trx, write);
      return true;
    });
  }
  // each write a data-modifying WITH that reads from the guarded update,
  // so a workspace that changed meanwhile gets none of them
  const statement = knex
    .queryBuilder()
    .with('changed', unchanged(knex).update(statusColumns(write), ['id']));
  if (event) {
    const { workspace_id: _, time, ...values } = event;
    statement.with(
      'status_event',
      insertFromChanged(knex, 'workspace_status_events', {
        workspace_id: knex.ref('id'),
        time: timestamp(knex, time),
        ...Object.fromEntries(
          Object.entries(values).map(([column, value]) => [
            column,
            knex.raw('?', [value]),
          ]),
        ),
      }),
    );
  }
  const runPod = runPodUpdate(knex, write);
  if (runPod) {
    statement.with(
      'run_pod',
      runPod.whereExists(knex.select(knex.raw('1')).from('changed')),
    );
  }
  const [row]: Array<{ count: string | number }> = await statement
    .count({ count: '*' })
    .from('changed');
  return Number(row.count) > 0;
}

/**
 * Runs writes all or none: on PostgreSQL as one statement, each a
 * data-modifying WITH of it (one round trip); elsewhere (SQLite, which has
 * no such WITH) in a transaction, whose round trips are in-process.
 */
export async function inOneStatement(
  knex: Knex,
  writes: Knex.QueryBuilder[],
): Promise<void> {
  if (writes.length === 1) {
    await writes[0];
  } else if (knex.client.config.client === 'pg') {
    const combined = writes.reduce(
      (query, write, index) => query.with(`write_${index}`, write),
      knex.queryBuilder(),
    );
    await combined.select(knex.raw('1'));
  } else {
    await knex.transaction(async trx => {
      for (const write of writes) {
        await write.transacting(trx);
      }
    });
  }
}
