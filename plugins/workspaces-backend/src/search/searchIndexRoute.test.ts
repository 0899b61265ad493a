import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';

/*
 * The indexing route of the search collator, in-process (its responses are
 * checked against the contract): every workspace, whoever's, a page at a
 * time for a service; never for a user or without credentials. The shipped
 * backend's search test runs it under the real auth and permission backends.
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();
const route = '/api/workspaces/search/workspaces';

describe.each(databases.eachSupportedId())(
  'the search indexing route on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const ids: string[] = [];

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
      // bob's in vision, alice's in fraud: projects of different teams
      for (const [user, project, name] of [
        ['bob', 'system:default/vision', 'index-a'],
        ['bob', 'system:default/vision', 'index-b'],
        ['alice', 'system:default/fraud', 'index-c'],
      ] as const) {
        const created = await createWorkspace(
          backend.server,
          backend.user(user),
          { project, name, start: false },
        );
        ids.push(created.id);
      }
    });

    afterAll(async () => {
      await backend.stop();
    });

    it("pages through every project's workspaces for a service", async () => {
      const seen: Array<Record<string, unknown>> = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await request(backend.server)
          .get(route)
          .query({ limit: '1', ...(cursor && { cursor }) })
          .set('Authorization', mockCredentials.service.header());
        expect(response.status).toBe(200);
        expect(response.body.items).toHaveLength(1);
        seen.push(...response.body.items);
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen.map(item => item.id).sort()).toEqual([...ids].sort());
      expect(seen.find(item => item.name === 'index-c')).toEqual({
        id: ids[2],
        name: 'index-c',
        project: 'system:default/fraud',
        environment: 'jupyterlab',
        environmentTitle: 'JupyterLab',
        createdBy: 'user:default/alice',
        status: 'Stopped',
      });
    });

    it('refuses users, even the admin, with 403 and anonymous callers with 401', async () => {
      for (const user of ['bob', 'carol'] as const) {
        const response = await request(backend.server)
          .get(route)
          .set('Authorization', backend.user(user));
        expect({ user, status: response.status }).toEqual({
          user,
          status: 403,
        });
      }
      expect((await request(backend.server).get(route)).status).toBe(401);
    });

    it('refuses a page size out of bounds, naming the field', async () => {
      const response = await request(backend.server)
        .get(route)
        .query({ limit: '201' })
        .set('Authorization', mockCredentials.service.header());
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        "limit: '201' must be a whole number from 1 to 200",
      );
    });
  },
);
