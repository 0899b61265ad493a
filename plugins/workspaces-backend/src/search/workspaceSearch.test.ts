import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'fs';
import request from 'supertest';
import {
  ShippedBackend,
  shippedBackendDatabases,
  startShippedBackend,
} from '../__testUtils__/backendProcess/startShippedBackend';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { waitUntil } from '../__testUtils__/waitUntil';

/*
 * Backstage's search over workspaces in the shipped backend (packages/backend)
 * in a child process: the real search backend with the engine the demo picks
 * (Lunr on SQLite, PostgreSQL's on PostgreSQL), the workspaces collator
 * reading the indexing route with the search plugin's service token, and
 * results filtered by the real permission backend with the shipped policy,
 * for users signed in through the real auth backend. In catalog.yaml, bob
 * and dave are in vision-team, which owns the project vision; alice is in
 * ml-team, whose projects are others.
 */

jest.setTimeout(300_000);

const packageFile = (path: string) =>
  resolvePackagePath('@backstage-workspaces/plugin-workspaces-backend', path);

type SearchResult = {
  type: string;
  document: Record<string, unknown> & { location: string };
};

describe.each(shippedBackendDatabases())(
  'search over workspaces in the shipped backend on %s',
  database => {
    let backend: ShippedBackend;
    const tokens: Record<string, string> = {};
    // one word, so that Lunr and PostgreSQL's text search both match it whole
    const name = `quokka${Date.now().toString(36)}`;
    let workspaceId: string;

    const query = (token: string, term: string) =>
      request(backend.baseUrl)
        .get('/api/search/query')
        .query({ term, types: ['workspace'] })
        .set('Authorization', `Bearer ${token}`);
    const search = async (token: string, term: string) => {
      const response = await query(token, term);
      expect(response.status).toBe(200);
      return response.body.results as SearchResult[];
    };
    const ofWorkspace = (results: SearchResult[]) =>
      results.filter(
        result => result.document.location === `/workspaces/${workspaceId}`,
      );

    beforeAll(async () => {
      backend = await startShippedBackend({
        database,
        catalogFiles: [
          packageFile('src/__testUtils__/catalog.yaml'),
          packageFile('src/__testUtils__/org.yaml'),
        ],
        workspaces: {
          ...buildingBlocksConfig,
          encryptionKey: 'test-encryption-key-of-some-length',
        },
        search: {
          collators: {
            workspaces: {
              schedule: {
                frequency: { seconds: 2 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 0 },
              },
            },
          },
        },
        guest: {
          userEntityRef: 'user:default/ghost',
          ownershipEntityRefs: ['user:default/ghost'],
        },
        async ready(b) {
          const token = await b.signIn('bob');
          const blocks = await fetch(
            `${b.baseUrl}/api/workspaces/building-blocks?project=system:default/vision`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          return blocks.status === 200;
        },
      });
      for (const user of ['alice', 'bob', 'carol', 'dave']) {
        tokens[user] = await backend.signIn(user);
      }
      const created = await createWorkspace(
        backend.baseUrl,
        `Bearer ${tokens.bob}`,
        { name, start: false },
      );
      workspaceId = created.id;
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('uses the engine of the database: PostgreSQL on PostgreSQL, Lunr otherwise', () => {
      const log = readFileSync(backend.process.logPath, 'utf8');
      const skipped = log.includes('Postgres search engine is not supported');
      expect({ database, lunr: skipped }).toEqual({
        database,
        lunr: database !== 'POSTGRES_15',
      });
    });

    it("a member of the workspace's project finds it by its name, with its facts and details link", async () => {
      const { value } = await waitUntil(
        `dave's search to find ${name}`,
        async () => {
          // Lunr answers 500 (no index) until it has indexed a workspace
          const response = await query(tokens.dave, name);
          const found =
            response.status === 200 ? ofWorkspace(response.body.results) : [];
          return { done: found.length === 1, value: found };
        },
        60_000,
        500,
      );
      expect(value[0].type).toBe('workspace');
      expect(value[0].document).toMatchObject({
        title: name,
        location: `/workspaces/${workspaceId}`,
        name,
        project: 'system:default/vision',
        environment: 'JupyterLab',
        createdBy: 'user:default/bob',
        status: 'Stopped',
      });
      expect(value[0].document.text).toContain('system:default/vision');
    });

    it('a user of another project never gets it in results, by its name or its project', async () => {
      // indexed: dave finds it (the test above waited for the index)
      expect(ofWorkspace(await search(tokens.dave, name))).toHaveLength(1);
      expect(ofWorkspace(await search(tokens.alice, name))).toEqual([]);
      expect(ofWorkspace(await search(tokens.alice, 'vision'))).toEqual([]);
      // the admin of workspaces.admins may read every workspace, so finds it
      expect(ofWorkspace(await search(tokens.carol, name))).toHaveLength(1);
    });

    it('a service principal allowed everything gets it, so the user above was filtered, not missed', async () => {
      expect(
        ofWorkspace(await search(backend.serviceToken, name)),
      ).toHaveLength(1);
    });

    it('the indexing route answers services with every workspace and refuses users', async () => {
      const route = '/api/workspaces/search/workspaces';
      const asService = await request(backend.baseUrl)
        .get(route)
        .query({ limit: '200' })
        .set('Authorization', `Bearer ${backend.serviceToken}`);
      expect(asService.status).toBe(200);
      expect(asService.body.items).toContainEqual({
        id: workspaceId,
        name,
        project: 'system:default/vision',
        environment: 'jupyterlab',
        environmentTitle: 'JupyterLab',
        createdBy: 'user:default/bob',
        status: 'Stopped',
      });
      for (const user of ['bob', 'carol']) {
        const asUser = await request(backend.baseUrl)
          .get(route)
          .set('Authorization', `Bearer ${tokens[user]}`);
        expect({ user, status: asUser.status }).toEqual({ user, status: 403 });
      }
      const restricted = await request(backend.baseUrl)
        .get(route)
        .set('Authorization', `Bearer ${backend.catalogOnlyServiceToken}`);
      expect(restricted.status).toBe(403);
      const bad = await request(backend.baseUrl)
        .get(route)
        .query({ limit: '0' })
        .set('Authorization', `Bearer ${backend.serviceToken}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('limit');
    });
  },
);
