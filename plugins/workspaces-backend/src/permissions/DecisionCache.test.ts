import { mockCredentials } from '@backstage/backend-test-utils';
import { DecisionCache } from './DecisionCache';

describe('DecisionCache', () => {
  let now = 0;
  const cache = () =>
    new DecisionCache<string>({ ttlMs: 5_000, maxEntries: 3, now: () => now });
  const counting = () => {
    const calls: string[] = [];
    const load = (answer: string) => () => {
      calls.push(answer);
      return Promise.resolve(answer);
    };
    return { calls, load };
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it("keeps a user's decision for its time, then asks again", async () => {
    const decisions = cache();
    const { calls, load } = counting();
    const alice = mockCredentials.user('user:default/alice');
    expect(await decisions.decide('workspace.read', alice, load('a'))).toBe(
      'a',
    );
    now += 4_999;
    expect(await decisions.decide('workspace.read', alice, load('b'))).toBe(
      'a',
    );
    now += 1;
    expect(await decisions.decide('workspace.read', alice, load('c'))).toBe(
      'c',
    );
    expect(calls).toEqual(['a', 'c']);
  });

  it('keeps decisions apart by user, permission and token', async () => {
    const decisions = cache();
    const { calls, load } = counting();
    const alice = mockCredentials.user('user:default/alice');
    await decisions.decide('workspace.read', alice, load('alice read'));
    await decisions.decide('workspace.use', alice, load('alice use'));
    await decisions.decide(
      'workspace.read',
      mockCredentials.user('user:default/bob'),
      load('bob read'),
    );
    // a new sign-in: a token with another expiry
    const again = {
      ...alice,
      expiresAt: new Date(now + 3_600_000),
    };
    expect(await decisions.decide('workspace.read', again, load('new'))).toBe(
      'new',
    );
    expect(calls).toEqual(['alice read', 'alice use', 'bob read', 'new']);
  });

  it('never keeps a service principal’s decision, nor a failed call', async () => {
    const decisions = cache();
    const { calls, load } = counting();
    const service = mockCredentials.service('plugin:catalog');
    await decisions.decide('workspace.read', service, load('s1'));
    await decisions.decide('workspace.read', service, load('s2'));
    const alice = mockCredentials.user('user:default/alice');
    await expect(
      decisions.decide('workspace.read', alice, () =>
        Promise.reject(new Error('permission backend down')),
      ),
    ).rejects.toThrow('permission backend down');
    await new Promise(resolve => setImmediate(resolve));
    expect(await decisions.decide('workspace.read', alice, load('up'))).toBe(
      'up',
    );
    expect(calls).toEqual(['s1', 's2', 'up']);
  });

  it('holds at most its bound of entries, dropping the oldest', async () => {
    const decisions = cache();
    const { calls, load } = counting();
    for (const name of ['a', 'b', 'c', 'd']) {
      await decisions.decide(
        'workspace.read',
        mockCredentials.user(`user:default/${name}`),
        load(name),
      );
    }
    // a was dropped for d; d is still kept
    await decisions.decide(
      'workspace.read',
      mockCredentials.user('user:default/a'),
      load('a again'),
    );
    await decisions.decide(
      'workspace.read',
      mockCredentials.user('user:default/d'),
      load('d again'),
    );
    expect(calls).toEqual(['a', 'b', 'c', 'd', 'a again']);
  });
});
