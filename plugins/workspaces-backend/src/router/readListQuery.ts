import { InputError } from '@backstage/errors';
import {
  WORKSPACE_STATUSES,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceSort } from '../database/cursor';

/** The query of a workspace listing, checked, with defaults. */
export function readListQuery(query: {
  status?: string;
  q?: string;
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
  if (query.q !== undefined && query.q.length > 100) {
    throw new InputError('q: must be at most 100 characters');
  }
  if (query.cursor !== undefined && query.cursor.length > 1000) {
    throw new InputError('cursor: not a cursor of this listing');
  }
  return {
    statuses: statuses as WorkspaceStatus[] | undefined,
    nameContains: query.q?.toLocaleLowerCase('en-US'),
    sort: query.sort ?? 'createdAt',
    order:
      query.order ??
      (query.sort === undefined ||
      query.sort === 'createdAt' ||
      query.sort === 'updatedAt'
        ? 'desc'
        : 'asc'),
    limit,
    cursor: query.cursor,
    withTotal: query.withTotal === 'true',
  } as const;
}
