import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { workspaceRow } from '../__testUtils__/workspaceRow';
import { migrateDatabase } from './migrateDatabase';
import { ToolSessionStore } from './ToolSessionStore';
import { WorkspaceStore } from './WorkspaceStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'tool sessions and activity on %s',
  databaseId => {
    const t0 = new Date('2026-11-28T10:00:00Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    async function setUp() {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      await knex('workspaces').insert(
        workspaceRow('ws-1', t0, {
          desired_state: 'Running',
          status: 'Running',
        }),
      );
      const sessions = new ToolSessionStore(knex);
      await sessions.insert(
        {
          id: 's-1',
          workspaceId: 'ws-1',
          tool: 'jupyterlab',
          userRef: 'user:default/bob',
          visibility: { kind: 'all' },
          expiresAt: at(3600),
          maxExpiresAt: at(7200),
        },
        'link-hash',
        at(60),
        t0,
      );
      return { knex, sessions };
    }

    it('exchanges a link once, before it expires, and finds the session by its cookie until it expires', async () => {
      const { knex, sessions } = await setUp();
      expect(
        await sessions.exchangeLink('link-hash', 'cookie-hash', at(61)),
      ).toBeUndefined();
      const session = await sessions.exchangeLink(
        'link-hash',
        'cookie-hash',
        at(30),
      );
      expect(session).toMatchObject({
        id: 's-1',
        workspaceId: 'ws-1',
        tool: 'jupyterlab',
        userRef: 'user:default/bob',
        visibility: { kind: 'all' },
      });
      // a second exchange of the same link fails
      expect(
        await sessions.exchangeLink('link-hash', 'other-hash', at(31)),
      ).toBeUndefined();
      expect(await sessions.findByCookie('other-hash', at(31))).toBeUndefined();
      expect(
        await sessions.findByCookie('cookie-hash', at(3599)),
      ).toBeDefined();
      expect(
        await sessions.findByCookie('cookie-hash', at(3600)),
      ).toBeUndefined();

      await sessions.extend('s-1', at(7000));
      expect(
        await sessions.findByCookie('cookie-hash', at(5000)),
      ).toBeDefined();
      expect(await sessions.deleteExpired(at(5000))).toBe(0);
      expect(await sessions.deleteExpired(at(7000))).toBe(1);
      await knex.destroy();
    });

    it('removes links never exchanged once they expire', async () => {
      const { knex, sessions } = await setUp();
      expect(await sessions.deleteExpired(at(59))).toBe(0);
      expect(await sessions.deleteExpired(at(60))).toBe(1);
      await knex.destroy();
    });

    it('records activity at most once per interval, and a change keeps it', async () => {
      const { knex } = await setUp();
      const store = new WorkspaceStore(knex);
      const activity = async () =>
        (await store.getWorkspace('ws-1'))!.lastActivityAt?.toISOString();

      await store.recordActivity('ws-1', at(10), at(-50));
      expect(await activity()).toBe(at(10).toISOString());
      // within the interval of 60 s: not written again
      await store.recordActivity('ws-1', at(40), at(-20));
      expect(await activity()).toBe(at(10).toISOString());
      await store.recordActivity('ws-1', at(71), at(11));
      expect(await activity()).toBe(at(71).toISOString());

      // a change of the workspace read before the activity does not undo it
      const before = (await store.getWorkspace('ws-1'))!;
      await store.recordActivity('ws-1', at(200), at(140));
      await store.updateWorkspace(
        { ...before, pendingRestart: true },
        before.revision,
      );
      expect(await activity()).toBe(at(200).toISOString());
      await knex.destroy();
    });
  },
);
