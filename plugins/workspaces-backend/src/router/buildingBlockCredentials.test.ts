import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'credentials in the building blocks on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: {
          workspaces: {
            ...buildingBlocksConfig,
            encryptionKey: 'test-encryption-key-of-some-length',
            credentials: [
              {
                id: 'examples-token',
                title: 'Examples token',
                type: 'git',
                secretName: 'examples-git-secret',
                tokenKey: 'token',
                dataSources: ['examples'],
                projects: ['vision'],
              },
              {
                id: 'team-registry',
                title: 'Team registry',
                description: 'Pulls from the team registry',
                type: 'registry',
                secretName: 'team-regcred',
                environments: ['jupyterlab'],
              },
            ],
          },
        },
      });
    });

    afterAll(async () => {
      await backend.stop();
    });

    it('lists what each credential of the project is for, never its Secret', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/vision')
        .set('Authorization', backend.user('bob'));
      expect(response.status).toBe(200);
      expect(response.body.credentials).toEqual([
        {
          id: 'examples-token',
          title: 'Examples token',
          type: 'git',
          environments: [],
          dataSources: ['examples'],
        },
        {
          id: 'team-registry',
          title: 'Team registry',
          description: 'Pulls from the team registry',
          type: 'registry',
          environments: ['jupyterlab'],
          dataSources: [],
        },
      ]);
      expect(JSON.stringify(response.body)).not.toMatch(
        /examples-git-secret|team-regcred|tokenKey/,
      );
    });

    it('leaves out the credentials scoped to other projects', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/fraud')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(200);
      expect(response.body.credentials.map((c: any) => c.id)).toEqual([
        'team-registry',
      ]);
    });
  },
);
