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
  },
);
