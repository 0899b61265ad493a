/**
 * Runs work per workspace one at a time: a request while one is running
 * coalesces into a single follow-up, so bursts of events cost one pass.
 */
export class ReconcileQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, 'reconcile' | 'refresh'>();

  constructor(
    private readonly work: (
      id: string,
      kind: 'reconcile' | 'refresh',
    ) => Promise<void>,
    private readonly onError: (id: string, error: unknown) => void,
  ) {}

  /** Asks for a pass; a full reconcile wins over a status refresh. */
  enqueue(id: string, kind: 'reconcile' | 'refresh'): Promise<void> {
    const queued = this.pending.get(id);
    this.pending.set(id, queued === 'reconcile' ? 'reconcile' : kind);
    const current = this.running.get(id);
    if (current) {
      return current;
    }
    const loop = (async () => {
      while (this.pending.has(id)) {
        const next = this.pending.get(id)!;
        this.pending.delete(id);
        try {
          await this.work(id, next);
        } catch (error) {
          this.onError(id, error);
        }
      }
      this.running.delete(id);
    })();
    this.running.set(id, loop);
    return loop;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all(this.running.values());
    }
  }
}
