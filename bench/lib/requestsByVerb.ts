/** A request as the API server's audit log records it (the fields counted). */
export interface CountedRequest {
  verb: string;
  resource?: string;
  completedMs: number;
}

/**
 * Requests per item by verb (and resource) among those completed within
 * [fromMs, toMs]: e.g. `byVerb` `{ create: 1 }` and `byResource`
 * `{ 'create pods': 1 }` for one create of a pod per start. `total` is
 * every request of the window per item.
 */
export function requestsByVerb(
  requests: CountedRequest[],
  fromMs: number,
  toMs: number,
  items: number,
): {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
} {
  const byVerb: Record<string, number> = {};
  const byResource: Record<string, number> = {};
  let total = 0;
  for (const request of requests) {
    if (request.completedMs < fromMs || request.completedMs > toMs) continue;
    total++;
    byVerb[request.verb] = (byVerb[request.verb] ?? 0) + 1;
    const key = `${request.verb} ${request.resource ?? '?'}`;
    byResource[key] = (byResource[key] ?? 0) + 1;
  }
  const per = (counts: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, count]) => [key, count / items]),
    );
  return {
    total: total / items,
    byVerb: per(byVerb),
    byResource: per(byResource),
  };
}

/** `{ create: 1, get: 0.5 }` as `create 1, get 0.5`. */
export const formatPerVerb = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([verb, n]) => `${verb} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
    .join(', ') || 'none';
