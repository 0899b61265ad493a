import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import {
  createBody,
  createWorkspace,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(120_000);

const databases = createTestDatabases();

type Caller =
  | 'creator'
  | 'assigned'
  | 'admin'
  | 'other-project'
  | 'anonymous'
  | 'forged';

// bob created the workspace in vision; dave is in vision's owning group;
// carol is a platform admin; alice is a member of other projects only; the
// forged token claims to be carol, unsigned.
const callers: Record<
  Caller,
  'bob' | 'dave' | 'carol' | 'alice' | undefined | typeof forged
> = {
  creator: 'bob',
  assigned: 'dave',
  admin: 'carol',
  'other-project': 'alice',
  anonymous: undefined,
  forged: undefined,
};
const forged = 'forged';
const forgedToken = `Bearer ${[
  { alg: 'none', typ: 'JWT' },
  { sub: 'user:default/carol', ent: ['group:default/platform-admins'] },
]
  .map(part => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .join('.')}.`;

/** The backend's tool listener, and the names of the workspaces by id. */
const toolHost = { port: 0, names: new Map<string, string>() };

type Route = {
  name: string;
  send: (server: any, id: string, auth?: string) => request.Test;
  /** The status each caller gets. */
  expected: Record<Caller, number>;
};

const withAuth = (test: request.Test, auth?: string) =>
  auth ? test.set('Authorization', auth) : test;

const routes: Route[] = [
  {
    name: 'get',
    send: (s, id, a) =>
      withAuth(request(s).get(`/api/workspaces/workspaces/${id}`), a),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'runs',
    send: (s, id, a) =>
      withAuth(request(s).get(`/api/workspaces/workspaces/${id}/runs`), a),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'events',
    send: (s, id, a) =>
      withAuth(request(s).get(`/api/workspaces/workspaces/${id}/events`), a),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'update',
    send: (s, id, a) =>
      withAuth(request(s).patch(`/api/workspaces/workspaces/${id}`), a).send({
        revision: 1,
        environment: 'vision-lab',
      }),
    expected: {
      creator: 200,
      assigned: 403,
      admin: 200,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'stop',
    send: (s, id, a) =>
      withAuth(request(s).post(`/api/workspaces/workspaces/${id}/stop`), a),
    expected: {
      creator: 202,
      assigned: 403,
      admin: 202,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'start',
    send: (s, id, a) =>
      withAuth(request(s).post(`/api/workspaces/workspaces/${id}/start`), a),
    expected: {
      creator: 202,
      assigned: 403,
      admin: 202,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'delete',
    send: (s, id, a) =>
      withAuth(request(s).delete(`/api/workspaces/workspaces/${id}`), a),
    expected: {
      creator: 202,
      assigned: 403,
      admin: 202,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'connect',
    send: (s, id, a) =>
      withAuth(
        request(s).post(
          `/api/workspaces/workspaces/${id}/tools/jupyterlab/connect`,
        ),
        a,
      ),
    // allowed callers learn that a workspace without a runtime has no tool to open
    expected: {
      creator: 409,
      assigned: 409,
      admin: 409,
      'other-project': 404,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'tool',
    // a Backstage token never opens a tool at its host: only a one-time link does
    send: (_s, id, a) =>
      withAuth(
        request(`http://127.0.0.1:${toolHost.port}`)
          .get('/lab')
          .set(
            'Host',
            `jupyterlab--${toolHost.names.get(id)}--vision.tools.localhost`,
          ),
        a,
      ),
    expected: {
      creator: 401,
      assigned: 401,
      admin: 401,
      'other-project': 401,
      anonymous: 401,
      forged: 401,
    },
  },
];

/** Routes that are not about one workspace. */
const projectRoutes: Route[] = [
  {
    name: 'health',
    send: (s, _id, a) => withAuth(request(s).get('/api/workspaces/health'), a),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 200,
      anonymous: 200,
      forged: 200,
    },
  },
  {
    name: 'clusters',
    send: (s, _id, a) =>
      withAuth(request(s).get('/api/workspaces/clusters'), a),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 200,
      anonymous: 401,
      forged: 401,
    },
  },
  // what the catalog lets anyone see; the summary counts only the
  // workspaces the caller may read, as the list does
  {
    name: 'blocks',
    send: (s, _id, a) =>
      withAuth(
        request(s).get(
          '/api/workspaces/building-blocks?project=system:default/vision',
        ),
        a,
      ),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 200,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'list',
    send: (s, _id, a) =>
      withAuth(
        request(s).get(
          '/api/workspaces/workspaces?project=system:default/vision',
        ),
        a,
      ),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 200,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'create',
    send: (s, id, a) =>
      withAuth(request(s).post('/api/workspaces/workspaces'), a).send(
        createBody({ name: id, start: false }),
      ),
    expected: {
      creator: 201,
      assigned: 201,
      admin: 201,
      'other-project': 403,
      anonymous: 401,
      forged: 401,
    },
  },
  {
    name: 'summary',
    send: (s, _id, a) =>
      withAuth(
        request(s).get('/api/workspaces/summary?project=system:default/vision'),
        a,
      ),
    expected: {
      creator: 200,
      assigned: 200,
      admin: 200,
      'other-project': 200,
      anonymous: 401,
      forged: 401,
    },
  },
];

describe.each(databases.eachSupportedId())(
  'authorization on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const table: string[] = [];

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
      toolHost.port = backend.toolHostPort;
    });

    afterAll(async () => {
      await backend.stop();
      // eslint-disable-next-line no-console
      console.log(
        `Authorization matrix (${databaseId}): ${
          table.join(' ').split('=').length - 1
        } cells (route x caller)\n${table.join('\n')}`,
      );
    });

    const callerNames = Object.keys(callers) as Caller[];
    const authorization = (caller: Caller) => {
      const name = callers[caller];
      if (caller === 'forged') return forgedToken;
      return name && name !== forged ? backend.user(name) : undefined;
    };

    it.each(projectRoutes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callerNames) {
          const response = await route.send(
            backend.server,
            `${route.name}-${caller}`,
            authorization(caller),
          );
          row.push(`${caller}=${response.status}`);
          expect({ caller, status: response.status }).toEqual({
            caller,
            status: route.expected[caller],
          });
        }
        table.push(`${route.name.padEnd(8)} ${row.join('  ')}`);
      },
    );

    it.each(routes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callerNames) {
          // a fresh workspace per cell, so one caller's change cannot affect the next
          const workspace = await createWorkspace(
            backend.server,
            backend.user('bob'),
            {
              name: `${route.name}-${caller}`.replace(/[^a-z0-9-]/g, ''),
            },
          );
          toolHost.names.set(workspace.id, workspace.name);
          const response = await route.send(
            backend.server,
            workspace.id,
            authorization(caller),
          );
          row.push(`${caller}=${response.status}`);
          // a 404 tells nothing more than for a workspace that does not exist
          const notFound = `Workspace ${workspace.id} was not found`;
          expect({
            caller,
            status: response.status,
            leaks:
              response.status === 404 &&
              response.body.error.message !== notFound,
          }).toEqual({ caller, status: route.expected[caller], leaks: false });
        }
        table.push(`${route.name.padEnd(8)} ${row.join('  ')}`);
      },
    );

    it("never lists another project's workspaces, nor counts them", async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: 'listed-secretly' },
      );
      const listing = await request(backend.server)
        .get('/api/workspaces/workspaces?withTotal=true&q=listed-secretly')
        .set('Authorization', backend.user('alice'));
      expect(listing.body).toEqual({ items: [], totalCount: 0 });
      const byProject = await request(backend.server)
        .get('/api/workspaces/workspaces?project=vision&withTotal=true')
        .set('Authorization', backend.user('alice'));
      expect(byProject.body.totalCount).toBe(0);
      const assigned = await request(backend.server)
        .get('/api/workspaces/workspaces?q=listed-secretly')
        .set('Authorization', backend.user('dave'));
      expect(assigned.body.items.map((w: any) => w.id)).toEqual([workspace.id]);
      table.push(`list     non-member sees 0, assigned sees 1`);
    });

    it('judges membership by the catalog, not by the groups a token claims', async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('alice'),
        {
          name: 'membership',
          project: 'system:default/playground',
        },
      );
      // playground lists vision-team as members: dave is in it in the
      // catalog and sees it; frank's sign-in claims vision-team, the
      // catalog (as it is now) does not have him in it
      const asDave = await request(backend.server)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', backend.user('dave'));
      expect(asDave.status).toBe(200);
      const asFrank = await request(backend.server)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', backend.user('frank'));
      expect(asFrank.status).toBe(404);
      const frankCreates = await request(backend.server)
        .post('/api/workspaces/workspaces')
        .set('Authorization', backend.user('frank'))
        .send(
          createBody({
            name: 'stale-claim',
            project: 'system:default/playground',
          }),
        );
      expect(frankCreates.status).toBe(403);
    });
  },
);
