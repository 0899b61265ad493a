import type { ListWorkspaces } from './schema/openapi';

/** What `GET /workspaces` sorts by. @public */
export type WorkspaceListSort = NonNullable<ListWorkspaces['query']['sort']>;

/**
 * Since when a workspace's current run is idle: its last use, or its start
 * if it was not used since; none without a current run. The time the idle
 * auto-stop counts from, and the list's `idleSince` sort (whose SQL says the
 * same). Dates or ISO strings (which compare as their times).
 * @public
 */
export function idleSince<T extends Date | string>(
  runStartedAt: T | undefined,
  lastActivityAt: T | undefined,
): T | undefined {
  if (!runStartedAt) {
    return undefined;
  }
  return lastActivityAt && lastActivityAt >= runStartedAt
    ? lastActivityAt
    : runStartedAt;
}
