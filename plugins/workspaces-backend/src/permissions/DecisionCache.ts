import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ShortMemo } from '../clock/ShortMemo';

/** How long a caller's decision is kept: well within the revocation bound. */
export const DECISION_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Keeps a signed-in user's decision on a workspace permission for a few
 * seconds, so a page of the list costs the permission backend one call per
 * user and permission in that time, not one per request. Safe to keep: the
 * decision depends only on the policy and the claims of the user's token
 * (fixed at sign-in), and a conditional decision's conditions, project
 * membership among them, are evaluated in SQL at each query, so a member
 * removed in the catalog loses access at the next membership sync, cache
 * or not. Only users' decisions are kept (keyed by user and token expiry,
 * so a new sign-in gets a new decision); a failed call is not kept.
 */
export class DecisionCache<T> {
  private readonly memo: ShortMemo<T>;

  constructor(
    options: {
      ttlMs?: number;
      maxEntries?: number;
      now?: () => number;
    } = {},
  ) {
    this.memo = new ShortMemo<T>({
      ttlMs: options.ttlMs ?? DECISION_TTL_MS,
      maxEntries: options.maxEntries ?? MAX_ENTRIES,
      now: options.now,
    });
  }

  decide(
    permissionName: string,
    credentials: BackstageCredentials,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = keyOf(permissionName, credentials);
    return key ? this.memo.get(key, load) : load();
  }
}

function keyOf(
  permissionName: string,
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    return undefined;
  }
  return JSON.stringify([
    permissionName,
    principal.userEntityRef,
    credentials.expiresAt?.getTime() ?? null,
  ]);
}
