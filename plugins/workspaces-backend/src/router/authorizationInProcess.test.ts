import request from 'supertest';
import {
  Caller,
  expectedStatus,
  leaks,
  MatrixTable,
  projectRoutes,
  toolHost,
  workspaceRoutes,
} from '../__testUtils__/authorizationMatrix';
import { unsignedUserToken } from '../__testUtils__/backendProcess/userTokens';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import {
  createBody,
  createWorkspace,
} from '../__testUtils__/workspaceRequests';

/*
 * The API's authorization matrix, fast: startTestBackend's mock tokens and
 * the in-process policy (mockWorkspacesPermissions: the default decisions
 * without the permission backend). It covers the callers mock tokens can
 * express; authorization.test.ts runs the whole matrix against the real auth
 * and permission backends.
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();

// bob created the workspace in vision; dave is in vision's owning group;
// carol is a platform admin; alice is a member of other projects only; the
// unsigned token claims to be carol.
const callerNames = {
  creator: 'bob',
  assigned: 'dave',
  admin: 'carol',
  'other-project': 'alice',
} as const;
const callers: Caller[] = [
  ...(Object.keys(callerNames) as Caller[]),
  'anonymous',
  'unsigned',
];
const unsigned = `Bearer ${unsignedUserToken('user:default/carol', [
  'user:default/carol',
  'group:default/platform-admins',
])}`;

describe.each(databases.eachSupportedId())(
  'authorization with the in-process policy on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const table = new MatrixTable();

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
      toolHost.port = backend.toolHostPort;
    });

    afterAll(async () => {
      await backend.stop();
      table.print(`Authorization matrix, in-process policy (${databaseId})`);
    });

    const authorization = (caller: Caller) => {
      if (caller === 'unsigned') return unsigned;
      const name = callerNames[caller as keyof typeof callerNames];
      return name ? backend.user(name) : undefined;
    };

    it.each(projectRoutes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callers) {
          const response = await route.send(
            backend.server,
            `${route.name}-${caller}`,
            authorization(caller),
          );
          row.push(`${caller}=${response.status}`);
          expect({ caller, status: response.status }).toEqual({
            caller,
            status: expectedStatus(route.expected, caller),
          });
        }
        table.add(route.name, row);
      },
    );

    it.each(workspaceRoutes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callers) {
          // a fresh workspace per cell, so one caller's change cannot affect the next
          const workspace = await createWorkspace(
            backend.server,
            backend.user('bob'),
            { name: `${route.name}-${caller}`, ...route.created },
          );
          toolHost.names.set(workspace.id, workspace.name);
          const response = await route.send(
            backend.server,
            workspace.id,
            authorization(caller),
          );
          row.push(`${caller}=${response.status}`);
          expect({
            caller,
            status: response.status,
            leaks: leaks(response, workspace.id),
          }).toEqual({
            caller,
            status: expectedStatus(route.expected, caller),
            leaks: false,
          });
        }
        table.add(route.name, row);
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
      table.note(`list       non-member sees 0, assigned sees 1`);
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
