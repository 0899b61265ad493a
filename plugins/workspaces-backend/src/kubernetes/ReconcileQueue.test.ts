import { PassKind, ReconcileQueue } from './ReconcileQueue';

/** Passes that run until the test lets each one finish. */
function heldPasses() {
  const started: Array<{ id: string; kind: PassKind }> = [];
  const finishers = new Map<string, () => void>();
  let running = 0;
  let mostAtOnce = 0;
  const work = (id: string, kind: PassKind) => {
    started.push({ id, kind });
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise<void>(resolve =>
      finishers.set(id, () => {
        running--;
        finishers.delete(id);
        resolve();
      }),
    );
  };
  return {
    work,
    started,
    mostAtOnce: () => mostAtOnce,
    finish: (id: string) => finishers.get(id)!(),
    finishAll: () => [...finishers.values()].forEach(finish => finish()),
  };
}

/** Lets every pass that can start, start. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ReconcileQueue', () => {
  it('runs no more reconciles at once than its slots, and the rest as slots free up', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(passes.work, fail, {
      reconcile: 2,
      refresh: 2,
    });
    const ids = ['a', 'b', 'c', 'd', 'e'];
    ids.forEach(id => void queue.enqueue(id, 'reconcile'));
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['a', 'b']);

    passes.finish('a');
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['a', 'b', 'c']);

    while (passes.started.length < ids.length) {
      passes.finishAll();
      await settle();
    }
    passes.finishAll();
    await queue.idle();
    expect(passes.mostAtOnce()).toBe(2);
  });

  it('refreshes a status while every reconcile slot is taken', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(passes.work, fail, {
      reconcile: 2,
      refresh: 2,
    });
    ['a', 'b', 'c', 'd'].forEach(id => void queue.enqueue(id, 'reconcile'));
    void queue.enqueue('ready', 'refresh');
    await settle();
    expect(passes.started).toEqual([
      { id: 'a', kind: 'reconcile' },
      { id: 'b', kind: 'reconcile' },
      { id: 'ready', kind: 'refresh' },
    ]);
    while (passes.started.length < 5) {
      passes.finishAll();
      await settle();
    }
    passes.finishAll();
    await queue.idle();
  });

  it('runs a refresh asked for first (a pod turned Ready) ahead of the refreshes waiting for a slot', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(passes.work, fail, {
      reconcile: 1,
      refresh: 1,
    });
    ['scheduled-1', 'scheduled-2', 'scheduled-3'].forEach(
      id => void queue.enqueue(id, 'refresh'),
    );
    void queue.enqueue('ready', 'refresh', { first: true });
    void queue.enqueue('scheduled-4', 'refresh');
    await settle();
    passes.finish('scheduled-1');
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['scheduled-1', 'ready']);
    while (passes.started.length < 5) {
      passes.finishAll();
      await settle();
    }
    passes.finishAll();
    await queue.idle();
    expect(passes.started.map(p => p.id)).toEqual([
      'scheduled-1',
      'ready',
      'scheduled-2',
      'scheduled-3',
      'scheduled-4',
    ]);
  });

  it('lets a refresh nobody waits on yield to the reconciles waiting for a slot, but not one asked for first', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(
      passes.work,
      fail,
      { reconcile: 1, refresh: 2 },
      60_000,
    );
    ['a', 'b', 'c'].forEach(id => void queue.enqueue(id, 'reconcile'));
    void queue.enqueue('scheduled', 'refresh');
    void queue.enqueue('ready', 'refresh', { first: true });
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['a', 'ready']);

    passes.finish('a');
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['a', 'ready', 'b']);
    // the last reconcile takes its slot: nobody waits, the refresh runs
    passes.finish('b');
    await settle();
    expect(passes.started.map(p => p.id)).toEqual([
      'a',
      'ready',
      'b',
      'c',
      'scheduled',
    ]);
    passes.finishAll();
    await queue.idle();
  });

  it('yields a refresh for at most refreshYieldMs, and ends its yield when its pod turns Ready', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(
      passes.work,
      fail,
      { reconcile: 1, refresh: 2 },
      50,
    );
    ['a', 'b'].forEach(id => void queue.enqueue(id, 'reconcile'));
    void queue.enqueue('scheduled', 'refresh');
    void queue.enqueue('turns-ready', 'refresh');
    await settle();
    void queue.enqueue('turns-ready', 'refresh', { first: true });
    await settle();
    expect(passes.started.map(p => p.id)).toEqual(['a', 'turns-ready']);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(passes.started.map(p => p.id)).toEqual([
      'a',
      'turns-ready',
      'scheduled',
    ]);
    while (passes.started.length < 4) {
      passes.finishAll();
      await settle();
    }
    passes.finishAll();
    await queue.idle();
  });

  it('coalesces requests for a workspace into one follow-up, a reconcile winning over a refresh', async () => {
    const passes = heldPasses();
    const queue = new ReconcileQueue(passes.work, fail);
    const first = queue.enqueue('a', 'refresh');
    await settle();
    void queue.enqueue('a', 'refresh');
    void queue.enqueue('a', 'reconcile');
    void queue.enqueue('a', 'refresh');
    passes.finish('a');
    await settle();
    passes.finish('a');
    await first;
    expect(passes.started).toEqual([
      { id: 'a', kind: 'refresh' },
      { id: 'a', kind: 'reconcile' },
    ]);
  });

  it('frees the slot of a pass that failed, and reports the error', async () => {
    const errors: string[] = [];
    const queue = new ReconcileQueue(
      async id => {
        if (id === 'broken') throw new Error('no cluster');
      },
      (id, error) => errors.push(`${id}: ${(error as Error).message}`),
      { reconcile: 1, refresh: 1 },
    );
    await queue.enqueue('broken', 'reconcile');
    await queue.enqueue('next', 'reconcile');
    expect(errors).toEqual(['broken: no cluster']);
  });
});

function fail(id: string, error: unknown): never {
  throw new Error(`pass of ${id} failed: ${error}`);
}
