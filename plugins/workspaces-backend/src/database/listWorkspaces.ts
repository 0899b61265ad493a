import { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import { Knex } from 'knex';
import { applyWorkspaceFilter } from './applyWorkspaceFilter';
import {
  decodeCursor,
  encodeCursor,
  NULLABLE_SORTS,
  WorkspaceSort,
} from './cursor';
import { joinOpenRun, WORKSPACE_WITH_OPEN_RUN_COLUMNS } from './joinOpenRun';
import { rowToWorkspace } from './rows';
import type { WorkspaceVisibility } from './WorkspaceStore';
import { WorkspaceRecord } from '../model/records';

export interface ListWorkspacesOptions {
  visibility: WorkspaceVisibility;
  projectRef?: string;
  statuses?: WorkspaceStatus[];
  createdBy?: string;
  /** Only workspaces that request at least this many GPUs. */
  minGpus?: number;
  /** Only workspaces whose current run is on this node. */
  node?: string;
  /** true: only stopped workspaces warned by dormancy; false: the others. */
  dormant?: boolean;
  nameContains?: string;
  sort: WorkspaceSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  withTotal: boolean;
}

/** What each sort orders by, in SQL (constants only; values are bound). */
const sortExpressions: Record<WorkspaceSort, string> = {
  name: 'workspaces.name',
  createdAt: 'workspaces.created_at',
  updatedAt: 'workspaces.updated_at',
  status: 'workspaces.status',
  gpus: 'workspaces.gpus',
  node: 'open_run.node_name',
  runStartedAt: 'open_run.started_at',
  // as idleSince of -common: the later of the run's start and the last use
  idleSince: `(case
    when open_run.started_at is null then null
    when workspaces.last_activity_at is null
      or workspaces.last_activity_at < open_run.started_at
      then open_run.started_at
    else workspaces.last_activity_at end)`,
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, match => `\\${match}`);
}

/**
 * A page of the workspaces `options.visibility` lets the caller see, filtered
 * and sorted in SQL, with a cursor to the next.
 */
export async function listWorkspaces(
  knex: Knex,
  options: ListWorkspacesOptions,
): Promise<{
  items: WorkspaceRecord[];
  nextCursor?: string;
  totalCount?: number;
}> {
  const base = joinOpenRun(knex('workspaces')).whereNull(
    'workspaces.deleted_at',
  );
  if (options.visibility.kind === 'filtered') {
    applyWorkspaceFilter(base, options.visibility.criteria, knex);
  }
  if (options.projectRef) {
    base.where('workspaces.project_ref', options.projectRef);
  }
  if (options.statuses?.length) {
    base.whereIn('workspaces.status', options.statuses);
  }
  if (options.createdBy) {
    base.where('workspaces.created_by', options.createdBy);
  }
  if (options.dormant === true) {
    base.whereNotNull('workspaces.dormancy_warned_at');
  } else if (options.dormant === false) {
    base.whereNull('workspaces.dormancy_warned_at');
  }
  if (options.minGpus !== undefined) {
    base.where('workspaces.gpus', '>=', options.minGpus);
  }
  if (options.node) {
    base.where('open_run.node_name', options.node);
  }
  if (options.nameContains) {
    base.whereRaw("workspaces.name like ? escape '\\'", [
      `%${escapeLike(options.nameContains)}%`,
    ]);
  }

  const sortBy = sortExpressions[options.sort];
  const nullable = NULLABLE_SORTS.includes(options.sort);
  const order = options.order === 'asc' ? 'asc' : 'desc';
  const page = base.clone().select(WORKSPACE_WITH_OPEN_RUN_COLUMNS);
  if (options.cursor) {
    const after = decodeCursor(options.cursor, options.sort);
    const op = order === 'asc' ? '>' : '<';
    const { value } = after;
    if (value === null) {
      // past the last row with a value: only the rest of those without
      page
        .whereRaw(`${sortBy} is null`)
        .andWhere('workspaces.id', op, after.id);
    } else {
      page.where(inner => {
        inner
          .whereRaw(`${sortBy} ${op} ?`, [value])
          .orWhere(tie =>
            tie
              .whereRaw(`${sortBy} = ?`, [value])
              .andWhere('workspaces.id', op, after.id),
          );
        if (nullable) {
          inner.orWhereRaw(`${sortBy} is null`);
        }
      });
    }
  }
  if (nullable) {
    // last in either order, the same on SQLite and PostgreSQL (whose
    // default places differ)
    page.orderByRaw(`case when ${sortBy} is null then 1 else 0 end`);
  }
  const rows = await page
    .orderByRaw(`${sortBy} ${order}`)
    .orderBy('workspaces.id', order)
    .limit(options.limit + 1);

  const items = rows.slice(0, options.limit).map(rowToWorkspace);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > options.limit && last
      ? encodeCursor(last, options.sort)
      : undefined;

  let totalCount: number | undefined;
  if (options.withTotal) {
    const [{ count }] = await base.clone().count({ count: '*' });
    totalCount = Number(count);
  }
  return { items, nextCursor, totalCount };
}
