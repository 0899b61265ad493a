import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { workspaceRow } from '../__testUtils__/workspaceRow';
import { LifecycleStore } from './LifecycleStore';
import { migrateDatabase } from './migrateDatabase';
import { WorkspaceStore } from './WorkspaceStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  "the lifecycle policies' store on %s",
  databaseId => {
    const t0 = new Date('2026-12-01T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const resources = { cpuMillicores: 500, memoryBytes: 2 ** 30, gpus: 0 };

    it('lists the running and the scheduled workspaces, each with its open run, in one statement whatever their number', async () => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const workspaces = new WorkspaceStore(knex);
      const running = ['a', 'b', 'c', 'd', 'e'];
      await knex('workspaces').insert([
        ...running.map(name =>
          workspaceRow(`ws-${name}`, t0, {
            name,
            desired_state: 'Running',
            status: 'Running',
          }),
        ),
        workspaceRow('ws-stopped', t0, { name: 'stopped' }),
        workspaceRow('ws-scheduled', t0, {
          name: 'scheduled',
          schedule: JSON.stringify({ start: '0 8 * * 1-5' }),
        }),
        workspaceRow('ws-deleted', t0, {
          name: 'deleted',
          desired_state: 'Running',
          deleted_at: t0,
        }),
      ]);
      // each running workspace's open run starts a minute after the last;
      // ws-a ran before, and that run ended
      await workspaces.insertRun({
        id: 'run-a-ended',
        workspaceId: 'ws-a',
        startedAt: at(-60),
        resources,
      });
      await workspaces.endRun('run-a-ended', at(-30), 'Stopped');
      for (const [index, name] of running.entries()) {
        await workspaces.insertRun({
          id: `run-${name}`,
          workspaceId: `ws-${name}`,
          startedAt: at(index),
          resources,
        });
      }

      const statements: string[] = [];
      knex.on('query', ({ sql }: { sql: string }) => statements.push(sql));
      const candidates = await new LifecycleStore(knex).listCandidates();

      expect(statements).toHaveLength(1);
      expect(
        Object.fromEntries(
          candidates.map(record => [record.id, record.runStartedAt]),
        ),
      ).toEqual({
        'ws-a': at(0),
        'ws-b': at(1),
        'ws-c': at(2),
        'ws-d': at(3),
        'ws-e': at(4),
        'ws-scheduled': undefined,
      });
      await knex.destroy();
    });
  },
);
