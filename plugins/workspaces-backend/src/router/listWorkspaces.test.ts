import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'listing workspaces on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const list = (user: 'alice' | 'bob' | 'carol' | 'erin', query = '') =>
      request(backend.server)
        .get(`/api/workspaces/workspaces${query}`)
        .set('Authorization', backend.user(user));

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
      // vision: bob's three and dave's one; playground: alice's two; fraud: alice's one
      for (const name of ['vision-a', 'vision-b', 'vision-c']) {
        await createWorkspace(backend.server, backend.user('bob'), {
          name,
          start: name !== 'vision-c',
        });
      }
      await createWorkspace(backend.server, backend.user('dave'), {
        name: 'dave-gpu',
        compute: { preset: 'gpu-1' },
      });
      for (const name of ['play-a', 'play-b']) {
        await createWorkspace(backend.server, backend.user('alice'), {
          name,
          project: 'system:default/playground',
        });
      }
      await createWorkspace(backend.server, backend.user('alice'), {
        name: 'fraud-a',
        project: 'fraud',
        environment: 'jupyterlab',
        dataSources: [],
      });
    });

    afterAll(async () => {
      await backend.stop();
    });

    const names = (response: request.Response) => {
      if (response.status !== 200) {
        throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body.items.map((w: any) => w.name);
    };

    it('shows members the workspaces of their projects only', async () => {
      expect(names(await list('bob', '?sort=name')).sort()).toEqual(
        [
          'dave-gpu',
          'play-a',
          'play-b',
          'vision-a',
          'vision-b',
          'vision-c',
        ].sort(),
      );
      expect(names(await list('alice', '?sort=name'))).toEqual([
        'fraud-a',
        'play-a',
        'play-b',
      ]);
      expect(names(await list('erin'))).toEqual([]);
    });

    it('shows admins everything', async () => {
      expect(names(await list('carol', '?sort=name'))).toHaveLength(7);
    });

    it('filters by project, status, creator and name, in the database', async () => {
      expect(names(await list('bob', '?project=vision&sort=name'))).toEqual([
        'dave-gpu',
        'vision-a',
        'vision-b',
        'vision-c',
      ]);
      expect(
        names(await list('bob', '?project=vision&status=Stopped')),
      ).toEqual(['vision-c']);
      expect(
        names(
          await list(
            'bob',
            '?status=Stopped,Creating&createdBy=user:default/dave',
          ),
        ),
      ).toEqual(['dave-gpu']);
      expect(names(await list('bob', '?q=PLAY&sort=name'))).toEqual([
        'play-a',
        'play-b',
      ]);
      expect(names(await list('bob', '?q=%25'))).toEqual([]);
      // a filter cannot reach past the permission filter
      expect(names(await list('alice', '?project=vision'))).toEqual([]);
    });

    it('sorts, and pages with a cursor through every workspace exactly once', async () => {
      expect(
        names(await list('carol', '?sort=name&order=desc&limit=3')),
      ).toEqual(['vision-c', 'vision-b', 'vision-a']);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await list(
          'carol',
          `?sort=createdAt&limit=2&withTotal=true${
            cursor ? `&cursor=${cursor}` : ''
          }`,
        );
        expect(response.status).toBe(200);
        expect(response.body.totalCount).toBe(7);
        seen.push(...names(response));
        cursor = response.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      // newest first by default
      expect(seen[0]).toBe('fraud-a');
    });

    it.each([
      ['?limit=0', "limit: '0' must be a whole number from 1 to 200"],
      ['?limit=201', "limit: '201' must be a whole number from 1 to 200"],
      ['?status=Sleeping', "status: 'Sleeping' is not a status"],
      ['?cursor=garbage', 'cursor: not a cursor of this listing'],
      ['?sort=size', 'sort'],
      [
        '?createdBy=user:default/',
        "createdBy: 'user:default/' is not an entity ref",
      ],
      ['?unknown=1', 'unknown'],
      ['?sort=idle', 'sort'],
      ['?minGpus=-1', "minGpus: '-1' must be a whole number from 0 to 1000"],
      ['?minGpus=1.5', "minGpus: '1.5' must be a whole number from 0 to 1000"],
      [
        '?minGpus=many',
        "minGpus: 'many' must be a whole number from 0 to 1000",
      ],
      ['?node=', "Empty value found for query parameter 'node'"],
      [
        `?node=${'n'.repeat(254)}`,
        'node: must be a node name of 1 to 253 characters',
      ],
    ])('refuses %s with 400 naming the parameter', async (query, message) => {
      const response = await list('bob', query);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    });

    it('refuses a cursor of another sort', async () => {
      const first = await list('carol', '?sort=name&limit=1');
      const response = await list(
        'carol',
        `?sort=createdAt&cursor=${first.body.nextCursor}`,
      );
      expect(response.status).toBe(400);
    });

    it('summarizes a project: counts by status and what running workspaces request', async () => {
      const knex = await backend.workspacesDatabase();
      // the runtime reports workspaces as running; here the test stands in for it
      await knex('workspaces')
        .whereIn('name', ['vision-a', 'dave-gpu'])
        .update({ status: 'Running' });

      const response = await request(backend.server)
        .get('/api/workspaces/summary?project=system:default/vision')
        .set('Authorization', backend.user('bob'));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        project: 'system:default/vision',
        countsByStatus: { Creating: 1, Running: 2, Stopped: 1 },
        running: { workspaces: 2, cpu: '4500m', memory: '17Gi', gpu: 1 },
      });

      const outsider = await request(backend.server)
        .get('/api/workspaces/summary?project=system:default/vision')
        .set('Authorization', backend.user('alice'));
      expect(outsider.body).toEqual({
        project: 'system:default/vision',
        countsByStatus: {},
        running: { workspaces: 0, cpu: '0', memory: '0', gpu: 0 },
      });
    });
    describe('by GPUs, node, run and activity', () => {
      const at = (minute: number) =>
        new Date(Date.UTC(2026, 10, 30, 12, minute));

      beforeAll(async () => {
        // the runtime records nodes and the tool proxy activity; here the
        // test stands in for them, and for a GPU override
        const knex = await backend.workspacesDatabase();
        const ids = Object.fromEntries(
          (await knex('workspaces').select('id', 'name')).map(row => [
            row.name,
            row.id,
          ]),
        );
        const openRun = (name: string) =>
          knex('workspace_runs')
            .where('workspace_id', ids[name])
            .whereNull('ended_at');
        await openRun('vision-a').update({
          node_name: 'node-b',
          started_at: at(10),
        });
        await openRun('vision-b').update({
          node_name: 'node-a',
          started_at: at(5),
        });
        await openRun('dave-gpu').update({
          node_name: 'gpu-node-1',
          started_at: at(20),
        });
        await openRun('play-a').update({ started_at: at(1) });
        await openRun('fraud-a').update({ started_at: at(25) });
        // a run that never ended beside a newer one: only the newer counts
        await knex('workspace_runs').insert({
          id: 'newer-run-of-play-b',
          workspace_id: ids['play-b'],
          started_at: at(30),
          node_name: 'node-z',
          resources: '{}',
        });
        await openRun('play-b')
          .whereNot('id', 'newer-run-of-play-b')
          .update({ started_at: at(2), node_name: 'node-old' });
        await knex('workspaces')
          .where('id', ids['vision-c'])
          .update({ gpus: 2 });
        await knex('workspaces')
          .where('id', ids['vision-a'])
          .update({ last_activity_at: at(40) });
        await knex('workspaces')
          .where('id', ids['fraud-a'])
          .update({ last_activity_at: at(35) });
      });

      it('shows the current run: when it started and its node', async () => {
        const response = await list('carol', '?sort=name');
        const byName = Object.fromEntries(
          response.body.items.map((w: any) => [w.name, w]),
        );
        expect(byName['vision-a']).toMatchObject({
          node: 'node-b',
          runStartedAt: at(10).toISOString(),
        });
        expect(byName['play-b']).toMatchObject({
          node: 'node-z',
          runStartedAt: at(30).toISOString(),
        });
        expect(byName['vision-c']).not.toHaveProperty('node');
        expect(byName['vision-c']).not.toHaveProperty('runStartedAt');
        const one = await request(backend.server)
          .get(`/api/workspaces/workspaces/${byName['dave-gpu'].id}`)
          .set('Authorization', backend.user('bob'));
        expect(one.body).toMatchObject({
          node: 'gpu-node-1',
          runStartedAt: at(20).toISOString(),
        });
      });

      it('sorts by each, workspaces without a value last in either order', async () => {
        expect(names(await list('carol', '?sort=node')).slice(0, 4)).toEqual([
          'dave-gpu',
          'vision-b',
          'vision-a',
          'play-b',
        ]);
        expect(
          names(await list('carol', '?sort=node&order=desc')).slice(0, 4),
        ).toEqual(['play-b', 'vision-a', 'vision-b', 'dave-gpu']);
        // longest running first; vision-c has no run
        const running = names(await list('carol', '?sort=runStartedAt'));
        expect(running).toEqual([
          'play-a',
          'vision-b',
          'vision-a',
          'dave-gpu',
          'fraud-a',
          'play-b',
          'vision-c',
        ]);
        // longest idle first: since the last use, or since the run's start
        // if not used in this run; without a run last
        const idle = names(await list('carol', '?sort=idleSince'));
        expect(idle).toEqual([
          'play-a',
          'vision-b',
          'dave-gpu',
          'play-b',
          'fraud-a',
          'vision-a',
          'vision-c',
        ]);
        expect(
          names(await list('carol', '?sort=idleSince&order=desc')),
        ).toEqual([
          'vision-a',
          'fraud-a',
          'play-b',
          'dave-gpu',
          'vision-b',
          'play-a',
          'vision-c',
        ]);
        // most GPUs first by default
        expect(names(await list('carol', '?sort=gpus')).slice(0, 2)).toEqual([
          'vision-c',
          'dave-gpu',
        ]);
      });

      it('filters by minimum GPUs and by node, within what the caller may read', async () => {
        expect(names(await list('carol', '?minGpus=1&sort=gpus'))).toEqual([
          'vision-c',
          'dave-gpu',
        ]);
        expect(names(await list('carol', '?minGpus=2'))).toEqual(['vision-c']);
        expect(names(await list('carol', '?minGpus=0'))).toHaveLength(7);
        expect(names(await list('alice', '?minGpus=1'))).toEqual([]);
        expect(names(await list('bob', '?node=node-a'))).toEqual(['vision-b']);
        expect(names(await list('alice', '?node=node-a'))).toEqual([]);
        // the older of two open runs is not the workspace's node
        expect(names(await list('carol', '?node=node-old'))).toEqual([]);
      });

      it.each([
        ['gpus', 'asc'],
        ['gpus', 'desc'],
        ['node', 'asc'],
        ['node', 'desc'],
        ['runStartedAt', 'asc'],
        ['runStartedAt', 'desc'],
        ['idleSince', 'asc'],
        ['idleSince', 'desc'],
      ])(
        'pages by %s %s through every readable workspace exactly once, in the order of one page',
        async (sort, order) => {
          for (const [caller, visible] of [
            ['carol', 7],
            ['bob', 6],
            ['alice', 3],
          ] as const) {
            const whole = names(
              await list(caller, `?sort=${sort}&order=${order}&limit=200`),
            );
            expect(whole).toHaveLength(visible);
            const paged: string[] = [];
            let cursor: string | undefined;
            do {
              const response = await list(
                caller,
                `?sort=${sort}&order=${order}&limit=2${
                  cursor ? `&cursor=${cursor}` : ''
                }`,
              );
              paged.push(...names(response));
              cursor = response.body.nextCursor;
            } while (cursor);
            expect(paged).toEqual(whole);
          }
        },
      );

      it('forgets the run a stop ends', async () => {
        const [visionA] = (await list('bob', '?q=vision-a')).body.items;
        const stopped = await request(backend.server)
          .post(`/api/workspaces/workspaces/${visionA.id}/stop`)
          .set('Authorization', backend.user('bob'));
        expect(stopped.status).toBe(202);
        expect(stopped.body).not.toHaveProperty('node');
        expect(stopped.body).not.toHaveProperty('runStartedAt');
        expect(names(await list('bob', '?node=node-b'))).toEqual([]);
      });
    });
  },
);
