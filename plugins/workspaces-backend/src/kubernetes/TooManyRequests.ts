import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Counts the 429 answers of one cluster's API server (API Priority and
 * Fairness turning the plugin's requests away) and logs them at most once
 * per interval, with how many came since the last line: under back-pressure
 * a line per answer would be a flood of its own.
 */
export class TooManyRequests {
  private total = 0;
  private unlogged = 0;
  private lastLogMs = -Infinity;

  constructor(
    private readonly options: {
      cluster: string;
      logger: LoggerService;
      logIntervalMs?: number;
      now?: () => number;
    },
  ) {}

  /** How many 429 answers the API server gave since the backend started. */
  count(): number {
    return this.total;
  }

  /** One more 429, for `what` (e.g. `GET /api/v1/namespaces/x/pods/y`). */
  record(what: string, retryInMs: number | undefined): void {
    this.total++;
    this.unlogged++;
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastLogMs < (this.options.logIntervalMs ?? 60_000)) {
      return;
    }
    this.lastLogMs = now;
    this.options.logger.warn(
      `Cluster ${this.options.cluster} answered 429 Too Many Requests ${
        this.unlogged
      } times since the last report (${
        this.total
      } in all); the last: ${what}, ${
        retryInMs === undefined
          ? 'out of retries, tried again at the next pass'
          : `retried in ${retryInMs} ms`
      }. Workspace statuses stay as last seen.`,
      { cluster: this.options.cluster, tooManyRequests: this.total },
    );
    this.unlogged = 0;
  }
}
