/** How the backend backs off when the API server answers 429. */
export interface TooManyRequestsPolicy {
  /** The back-off of the first retry, doubled at each next one. */
  baseMs: number;
  /** No wait is longer, whatever Retry-After asks. */
  capMs: number;
  /** Retries of one request before its 429 is handed to the caller. */
  maxRetries: number;
}

export const DEFAULT_TOO_MANY_REQUESTS_POLICY: TooManyRequestsPolicy = {
  baseMs: 250,
  capMs: 10_000,
  maxRetries: 6,
};

/**
 * Retry-After in ms: delta-seconds or an HTTP date; undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(
  header: string | undefined,
  nowMs: number,
): number | undefined {
  const value = header?.trim();
  if (!value) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Number(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * How long to wait before retrying a request the API server answered 429
 * (API Priority and Fairness turned it away: back-pressure, not an outage),
 * or undefined to give up after `policy.maxRetries` retries.
 *
 * Never earlier than Retry-After asks (capped at `capMs`), plus a random
 * share of an exponential back-off (`baseMs * 2^retry`), so clients turned
 * away together don't come back together; without Retry-After, half the
 * back-off plus a random half of it.
 *
 * @param retry - how many retries of this request were made before (0 first)
 * @param random - a number in [0, 1)
 */
export function tooManyRequestsRetryDelay(options: {
  retry: number;
  retryAfter?: string;
  nowMs: number;
  random: number;
  policy?: TooManyRequestsPolicy;
}): number | undefined {
  const policy = options.policy ?? DEFAULT_TOO_MANY_REQUESTS_POLICY;
  if (options.retry >= policy.maxRetries) {
    return undefined;
  }
  const backoff = Math.min(policy.capMs, policy.baseMs * 2 ** options.retry);
  const asked = parseRetryAfter(options.retryAfter, options.nowMs);
  const delay =
    asked === undefined
      ? backoff / 2 + (options.random * backoff) / 2
      : Math.min(asked, policy.capMs) + options.random * backoff;
  return Math.round(Math.min(delay, policy.capMs));
}
