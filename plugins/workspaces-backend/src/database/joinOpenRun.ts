import { Knex } from 'knex';

/** The columns of a workspace with its current run's, as rowToWorkspace reads them. */
export const WORKSPACE_WITH_OPEN_RUN_COLUMNS = [
  'workspaces.*',
  'open_run.started_at as run_started_at',
  'open_run.node_name as run_node_name',
];

/**
 * Joins each workspace's current run (`open_run`): the one not ended yet, and
 * of two (which a transition never leaves) the newest, so a workspace stays
 * one row and can be sorted and filtered by its run in SQL.
 */
export function joinOpenRun(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.leftJoin('workspace_runs as open_run', join => {
    join
      .on('open_run.workspace_id', '=', 'workspaces.id')
      .andOnNull('open_run.ended_at')
      .andOnNotExists(function newerOpenRun(this: Knex.QueryBuilder) {
        this.select('newer_run.id')
          .from('workspace_runs as newer_run')
          .whereRaw('newer_run.workspace_id = workspaces.id')
          .whereNull('newer_run.ended_at')
          .andWhere(newer =>
            newer
              .whereRaw('newer_run.started_at > open_run.started_at')
              .orWhere(tie =>
                tie
                  .whereRaw('newer_run.started_at = open_run.started_at')
                  .andWhereRaw('newer_run.id > open_run.id'),
              ),
          );
      });
  });
}

/**
 * The current run's id, start and pod as columns `open_run_*` of a
 * statement on `workspaces` that cannot join, e.g. the RETURNING of an
 * UPDATE (PostgreSQL and SQLite both take subqueries there): the same run
 * as joinOpenRun's.
 */
export function openRunSubqueries(knex: Knex): string[] {
  return (['id', 'started_at', 'pod_name'] as const).map(
    column =>
      knex.raw(
        `(select ?? from ?? where ?? = ?? and ?? is null order by ?? desc, ?? desc limit 1) as ??`,
        [
          `workspace_runs.${column}`,
          'workspace_runs',
          'workspace_runs.workspace_id',
          'workspaces.id',
          'workspace_runs.ended_at',
          'workspace_runs.started_at',
          'workspace_runs.id',
          `open_run_${column}`,
        ],
      ) as unknown as string, // knex's types take names only; its compiler takes raw
  );
}
