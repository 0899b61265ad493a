import { InputError } from '@backstage/errors';
import {
  idleSince,
  WorkspaceListSort,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRecord } from '../model/records';

export type WorkspaceSort = WorkspaceListSort;

/** A sort value: null where a workspace has none (no current run, never used). */
export type SortValue = string | number | Date | null;

type CursorValue = { value: SortValue; id: string };

const dateSorts: WorkspaceSort[] = [
  'createdAt',
  'updatedAt',
  'runStartedAt',
  'idleSince',
];

/** Sorts whose value may be missing (no current run); those rows come last. */
export const NULLABLE_SORTS: WorkspaceSort[] = [
  'node',
  'runStartedAt',
  'idleSince',
];

/** The value a workspace is sorted by. */
export function sortValueOf(
  record: WorkspaceRecord,
  sort: WorkspaceSort,
): SortValue {
  if (sort === 'gpus') {
    return record.resources.gpus;
  }
  if (sort === 'idleSince') {
    return idleSince(record.runStartedAt, record.lastActivityAt) ?? null;
  }
  return record[sort] ?? null;
}

/**
 * A cursor names the last row of a page by its sort value and id, so the next
 * page starts after it even while rows are added or removed.
 */
export function encodeCursor(
  record: WorkspaceRecord,
  sort: WorkspaceSort,
): string {
  const value = sortValueOf(record, sort);
  return Buffer.from(
    JSON.stringify({
      s: sort,
      v: value instanceof Date ? value.toISOString() : value,
      i: record.id,
    }),
  ).toString('base64url');
}

function isValueOf(value: unknown, sort: WorkspaceSort): boolean {
  if (value === null) {
    return NULLABLE_SORTS.includes(sort);
  }
  if (sort === 'gpus') {
    return typeof value === 'number' && Number.isInteger(value);
  }
  return typeof value === 'string';
}

export function decodeCursor(cursor: string, sort: WorkspaceSort): CursorValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const { s, v, i } = (parsed ?? {}) as Record<string, unknown>;
  if (!isValueOf(v, sort) || typeof i !== 'string' || s !== sort) {
    throw new InputError(
      'cursor: not a cursor of this listing; pass the nextCursor of the previous page with the same sort',
    );
  }
  if (dateSorts.includes(sort) && v !== null) {
    const date = new Date(v as string);
    if (Number.isNaN(date.getTime())) {
      throw new InputError('cursor: not a cursor of this listing');
    }
    return { value: date, id: i };
  }
  return { value: v as SortValue, id: i };
}
