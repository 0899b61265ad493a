export type PassKind = 'reconcile' | 'refresh';

/** How many passes of each kind may run at the same time. */
export type PassConcurrency = Record<PassKind, number>;

/**
 * A counting semaphore; waiters are served first come, first served, except
 * that one taking a slot `first` goes ahead of those waiting.
 */
class Slots {
  private free: number;
  private readonly waiters: Array<() => void> = [];
  private readonly drainWaiters: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async take(first = false): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>(resolve =>
      first ? this.waiters.unshift(resolve) : this.waiters.push(resolve),
    );
  }

  give(): void {
    const next = this.waiters.shift();
    if (next) {
      next(); // the slot passes on
      if (this.waiters.length === 0) {
        this.drainWaiters.splice(0).forEach(resolve => resolve());
      }
    } else {
      this.free++;
    }
  }

  /** Resolves once nobody waits for a slot; undefined if nobody does. */
  drained(): Promise<void> | undefined {
    if (this.waiters.length === 0) {
      return undefined;
    }
    return new Promise(resolve => this.drainWaiters.push(resolve));
  }
}

/**
 * Runs work per workspace one at a time: a request while one is running
 * coalesces into a single follow-up, so bursts of events cost one pass.
 *
 * Across workspaces, each kind of pass has its own bounded number of slots.
 * A burst of full reconciles (200 workspaces started at once) would
 * otherwise queue hundreds of statements for the database pool, and a status
 * refresh (a pod just turned Ready) would wait behind all of them; with
 * slots of its own it waits behind a few at most. A pass someone waits on
 * (a pod turned Ready, or gone) is asked for `first`: it goes ahead of the
 * passes of its kind that wait, e.g. of 200 pods being scheduled and
 * started at once.
 *
 * A refresh nobody waits on (a pod scheduled, its containers being created)
 * yields to the reconciles waiting for a slot, for at most `refreshYieldMs`:
 * in a burst of starts the pods are created first, and a pod's changes
 * while its refresh yields cost one pass (often none, once it turns Ready).
 */
export class ReconcileQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, PassKind>();
  private readonly first = new Set<string>();
  private readonly slots: Record<PassKind, Slots>;
  /** Ends the yield of a workspace's refresh (a pass it now waits on). */
  private readonly yielding = new Map<string, () => void>();

  constructor(
    private readonly work: (id: string, kind: PassKind) => Promise<void>,
    private readonly onError: (id: string, error: unknown) => void,
    concurrency: PassConcurrency = { reconcile: Infinity, refresh: Infinity },
    private readonly refreshYieldMs = 0,
  ) {
    this.slots = {
      reconcile: new Slots(concurrency.reconcile),
      refresh: new Slots(concurrency.refresh),
    };
  }

  /**
   * Asks for a pass; a full reconcile wins over a status refresh. With
   * `first`, its turn for a slot comes before the others'.
   */
  enqueue(
    id: string,
    kind: PassKind,
    options: { first?: boolean } = {},
  ): Promise<void> {
    if (options.first) {
      this.first.add(id);
    }
    const queued = this.pending.get(id);
    this.pending.set(id, queued === 'reconcile' ? 'reconcile' : kind);
    if (options.first || kind === 'reconcile') {
      this.yielding.get(id)?.();
    }
    const current = this.running.get(id);
    if (current) {
      return current;
    }
    const loop = (async () => {
      while (this.pending.has(id)) {
        const reconciles = this.waitingReconciles(id);
        if (reconciles) {
          await this.yieldUntil(id, reconciles);
        }
        const slots = this.slots[this.pending.get(id)!];
        await slots.take(this.first.delete(id));
        // a refresh asked for while waiting may have become a reconcile:
        // it runs as one, in the slot it waited for
        const next = this.pending.get(id)!;
        this.pending.delete(id);
        try {
          await this.work(id, next);
        } catch (error) {
          this.onError(id, error);
        } finally {
          slots.give();
        }
      }
      this.running.delete(id);
    })();
    this.running.set(id, loop);
    return loop;
  }

  /** For a refresh nobody waits on: until no reconcile waits for a slot. */
  private waitingReconciles(id: string): Promise<void> | undefined {
    const yields =
      this.refreshYieldMs > 0 &&
      this.pending.get(id) === 'refresh' &&
      !this.first.has(id);
    return yields ? this.slots.reconcile.drained() : undefined;
  }

  /** Until `drained`, or `refreshYieldMs` passed, or `yielding` ends it. */
  private async yieldUntil(id: string, drained: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      drained,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.refreshYieldMs);
        this.yielding.set(id, resolve);
      }),
    ]);
    clearTimeout(timer);
    this.yielding.delete(id);
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all(this.running.values());
    }
  }
}
