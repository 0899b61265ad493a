import { Knex } from 'knex';
import { runToRow, WorkspaceRow } from './rows';
import { RunRecord } from '../model/records';
import type { TransitionWrites } from './WorkspaceStore';

/**
 * A transition's writes as one PostgreSQL statement (one round trip, no
 * BEGIN and COMMIT): the guarded update of the workspace is a
 * data-modifying WITH, and every other write reads from it, so a stale
 * revision (no row updated) writes nothing at all. All parts see the
 * snapshot from before the statement: the event's run is the run open
 * before it, and a start's new run is not the one that ends. The statement
 * returns how many workspaces it changed (0 or 1).
 */
export function transitionStatement(
  knex: Knex,
  change: {
    id: string;
    expectedRevision: number;
    row: Partial<WorkspaceRow>;
    writes: TransitionWrites;
  },
): Knex.QueryBuilder {
  const { id, expectedRevision, row, writes } = change;
  const { event, newRun } = writes;
  const changed = knex('workspaces')
    .where({ id, revision: expectedRevision })
    .whereNull('deleted_at')
    .update(row, ['id']);
  const openRunId = knex('workspace_runs')
    .select('id')
    .where({ workspace_id: id })
    .whereNull('ended_at')
    .orderBy('started_at', 'desc')
    .limit(1);
  const statusEvent = insertFromChanged(knex, 'workspace_status_events', {
    workspace_id: knex.ref('id'),
    run_id: newRun ? knex.raw('?', [newRun.id]) : knex.raw('(?)', [openRunId]),
    time: timestamp(knex, event.time),
    from_status: knex.raw('?', [event.from ?? null]),
    to_status: knex.raw('?', [event.to]),
    reason: knex.raw('?', [event.reason ?? null]),
    message: knex.raw('?', [event.message]),
  });
  const endOpenRun = knex('workspace_runs')
    .where({ workspace_id: id })
    .whereNull('ended_at')
    .whereExists(knex.select(knex.raw('1')).from('changed'))
    .update({ ended_at: event.time, end_reason: writes.endReason });
  const statement = knex
    .queryBuilder()
    .with('changed', changed)
    .with('status_event', statusEvent)
    .with('ended_run', endOpenRun);
  if (newRun) {
    statement.with('new_run', insertNewRun(knex, newRun));
  }
  return statement.count({ count: '*' }).from('changed');
}

function insertNewRun(knex: Knex, run: RunRecord): Knex.QueryBuilder {
  const row = runToRow(run);
  return insertFromChanged(knex, 'workspace_runs', {
    id: knex.raw('?', [row.id]),
    workspace_id: knex.ref('id'),
    started_at: timestamp(knex, run.startedAt),
    resources: knex.raw('?', [row.resources]),
  });
}

/** `insert into table (columns) select values from changed`: a row only if the workspace changed. */
export function insertFromChanged(
  knex: Knex,
  table: string,
  values: Record<string, Knex.Raw | Knex.Ref<string, any>>,
): Knex.QueryBuilder {
  const columns = Object.keys(values);
  return knex
    .into(
      knex.raw(`?? (${columns.map(() => '??').join(', ')})`, [
        table,
        ...columns,
      ]),
    )
    .insert(knex.select(Object.values(values)).from('changed'));
}

/** A time as a parameter: a bare one in a SELECT list would be text. */
export function timestamp(knex: Knex, time: Date): Knex.Raw {
  return knex.raw('?::timestamptz', [time]);
}
