/**
 * Keeps what a load resolved to for a short time, by key: callers within
 * that time share one load (in flight or done). A failed load is not kept.
 * At most `maxEntries` are held; the oldest go first.
 */
export class ShortMemo<T> {
  private readonly entries = new Map<
    string,
    { until: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const kept = this.entries.get(key);
    if (kept && kept.until > now) {
      return kept.value;
    }
    this.entries.delete(key); // set again below: the newest last
    this.evict(now);
    const value = load();
    this.entries.set(key, { until: now + this.options.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) {
        this.entries.delete(key);
      }
    });
    return value;
  }

  /** Drops what expired, and the oldest entries past the bound. */
  private evict(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.until <= now || this.entries.size >= this.options.maxEntries) {
        this.entries.delete(key);
      } else {
        break;
      }
    }
  }
}
