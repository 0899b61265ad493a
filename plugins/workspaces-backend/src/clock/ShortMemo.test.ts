import { ShortMemo } from './ShortMemo';

describe('ShortMemo', () => {
  let now = 0;
  const memo = () =>
    new ShortMemo<string>({ ttlMs: 2_000, maxEntries: 2, now: () => now });
  const counting = () => {
    const calls: string[] = [];
    const load = (value: string) => () => {
      calls.push(value);
      return Promise.resolve(value);
    };
    return { calls, load };
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('answers with what was loaded until its time is up, then loads again', async () => {
    const kept = memo();
    const { calls, load } = counting();
    expect(await kept.get('k', load('first'))).toBe('first');
    now += 1_999;
    expect(await kept.get('k', load('second'))).toBe('first');
    now += 1;
    expect(await kept.get('k', load('third'))).toBe('third');
    expect(calls).toEqual(['first', 'third']);
  });

  it('shares a load still in flight', async () => {
    const kept = memo();
    let resolve!: (value: string) => void;
    let loads = 0;
    const load = () => {
      loads++;
      return new Promise<string>(r => {
        resolve = r;
      });
    };
    const [a, b] = [kept.get('k', load), kept.get('k', load)];
    resolve('once');
    expect(await Promise.all([a, b])).toEqual(['once', 'once']);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const kept = memo();
    await expect(
      kept.get('k', () => Promise.reject(new Error('refused'))),
    ).rejects.toThrow('refused');
    expect(await kept.get('k', () => Promise.resolve('again'))).toBe('again');
  });

  it('keeps keys apart, and at most maxEntries of them, the oldest going first', async () => {
    const kept = memo();
    const { calls, load } = counting();
    await kept.get('a', load('a1'));
    await kept.get('b', load('b1'));
    await kept.get('c', load('c1')); // 'a' goes
    expect(await kept.get('c', load('c2'))).toBe('c1');
    expect(await kept.get('a', load('a2'))).toBe('a2');
    expect(calls).toEqual(['a1', 'b1', 'c1', 'a2']);
  });
});
