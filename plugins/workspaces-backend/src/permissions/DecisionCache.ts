import { BackstageCredentials } from '@backstage/backend-plugin-api';

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
  private readonly entries = new Map<
    string,
    { until: number; decision: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs?: number;
      maxEntries?: number;
      now?: () => number;
    } = {},
  ) {}

  decide(
    permissionName: string,
    credentials: BackstageCredentials,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = keyOf(permissionName, credentials);
    if (!key) {
      return load();
    }
    const now = (this.options.now ?? Date.now)();
    const cached = this.entries.get(key);
    if (cached && cached.until > now) {
      return cached.decision;
    }
    this.evict(now);
    const decision = load();
    this.entries.set(key, {
      until: now + (this.options.ttlMs ?? DECISION_TTL_MS),
      decision,
    });
    decision.catch(() => {
      if (this.entries.get(key)?.decision === decision) {
        this.entries.delete(key);
      }
    });
    return decision;
  }

  /** Drops what expired, and the oldest entries past the bound. */
  private evict(now: number) {
    const max = this.options.maxEntries ?? MAX_ENTRIES;
    for (const [key, entry] of this.entries) {
      if (entry.until <= now || this.entries.size >= max) {
        this.entries.delete(key);
      } else {
        break;
      }
    }
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
