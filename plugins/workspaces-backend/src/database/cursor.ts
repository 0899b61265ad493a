import { InputError } from '@backstage/errors';
import { WorkspaceRecord } from '../model/records';

export type WorkspaceSort = 'name' | 'createdAt' | 'updatedAt' | 'status';

type CursorValue = { value: string | Date; id: string };

/**
 * A cursor names the last row of a page by its sort value and id, so the next
 * page starts after it even while rows are added or removed.
 */
export function encodeCursor(
  record: WorkspaceRecord,
  sort: WorkspaceSort,
): string {
  const value = record[sort];
  return Buffer.from(
    JSON.stringify({
      s: sort,
      v: value instanceof Date ? value.toISOString() : value,
      i: record.id,
    }),
  ).toString('base64url');
}

export function decodeCursor(cursor: string, sort: WorkspaceSort): CursorValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { s, v, i } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof v !== 'string' || typeof i !== 'string' || s !== sort) {
    throw new InputError(
      'cursor: not a cursor of this listing; pass the nextCursor of the previous page with the same sort',
    );
  }
  if (sort === 'createdAt' || sort === 'updatedAt') {
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      throw new InputError('cursor: not a cursor of this listing');
    }
    return { value: date, id: i };
  }
  return { value: v, id: i };
}
