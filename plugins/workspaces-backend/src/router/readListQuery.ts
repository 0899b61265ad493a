import { InputError } from '@backstage/errors';
import {
  WORKSPACE_STATUSES,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceSort } from '../database/cursor';

/** Sorts whose default order is descending: newest first, most GPUs first. */
const newestOrMostFirst: WorkspaceSort[] = ['createdAt', 'updatedAt', 'gpus'];

/** The query of a workspace listing, checked, with defaults. */
export function readListQuery(query: {
  status?: string;
  q?: string;
  minGpus?: string;
  node?: string;
  dormant?: string;
  sort?: WorkspaceSort;
  order?: 'asc' | 'desc';
  limit?: string;
  cursor?: string;
  withTotal?: 'true' | 'false';
}) {
  const statuses = query.status
    ? query.status.split(',').map(status => status.trim())
    : undefined;
  for (const status of statuses ?? []) {
    if (!(WORKSPACE_STATUSES as readonly string[]).includes(status)) {
      throw new InputError(
        `status: '${status}' is not a status; use one or more of ${WORKSPACE_STATUSES.join(
          ', ',
        )}, separated by commas`,
      );
    }
  }
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new InputError(
      `limit: '${query.limit}' must be a whole number from 1 to 200`,
    );
  }
  const minGpus =
    query.minGpus === undefined ? undefined : Number(query.minGpus);
  if (
    minGpus !== undefined &&
    (!Number.isInteger(minGpus) || minGpus < 0 || minGpus > 1000)
  ) {
    throw new InputError(
      `minGpus: '${query.minGpus}' must be a whole number from 0 to 1000`,
    );
  }
  // the contract refuses an empty one already
  if (query.node !== undefined && query.node.length > 253) {
    throw new InputError('node: must be a node name of 1 to 253 characters');
  }
  if (
    query.dormant !== undefined &&
    query.dormant !== 'true' &&
    query.dormant !== 'false'
  ) {
    throw new InputError(`dormant: '${query.dormant}' must be true or false`);
  }
  if (query.q !== undefined && query.q.length > 100) {
    throw new InputError('q: must be at most 100 characters');
  }
  if (query.cursor !== undefined && query.cursor.length > 1000) {
    throw new InputError('cursor: not a cursor of this listing');
  }
  return {
    statuses: statuses as WorkspaceStatus[] | undefined,
    nameContains: query.q?.toLocaleLowerCase('en-US'),
    minGpus,
    node: query.node,
    dormant: query.dormant === undefined ? undefined : query.dormant === 'true',
    sort: query.sort ?? 'createdAt',
    order:
      query.order ??
      (query.sort === undefined || newestOrMostFirst.includes(query.sort)
        ? 'desc'
        : 'asc'),
    limit,
    cursor: query.cursor,
    withTotal: query.withTotal === 'true',
  } as const;
}
