import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  createBody,
  createWorkspace,
} from '../__testUtils__/workspaceRequests';
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

    it('keeps the git credential a workspace chose for a data source', async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: 'chooses-credential',
          start: false,
          dataSources: [{ id: 'examples', credential: 'examples-token' }],
        },
      );
      expect(workspace.dataSources).toEqual([
        { id: 'examples', credential: 'examples-token' },
      ]);
      const read = await request(backend.server)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', backend.user('bob'));
      expect(read.body.dataSources).toEqual([
        { id: 'examples', credential: 'examples-token' },
      ]);
    });

    it.each([
      [
        'a credential of another kind',
        'bob' as const,
        'system:default/vision',
        'team-registry',
        "dataSources[0].credential: 'team-registry' is not a credential system:default/vision offers for data source examples; offered: examples-token",
      ],
      [
        'a credential not offered to the project',
        'alice' as const,
        'system:default/fraud',
        'examples-token',
        "dataSources[0].credential: 'examples-token' is not a credential system:default/fraud offers for data source examples; offered: none",
      ],
    ])(
      'refuses %s with 400 naming the field',
      async (_, user, project, credential, message) => {
        const response = await request(backend.server)
          .post('/api/workspaces/workspaces')
          .set('Authorization', backend.user(user))
          .send(
            createBody({
              project,
              name: 'wrong-credential',
              start: false,
              dataSources: [{ id: 'examples', credential }],
            }),
          );
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(message);
      },
    );
  },
);
