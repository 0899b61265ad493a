import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'health and building blocks on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
    });

    afterAll(async () => {
      await backend.stop();
    });

    it('answers the health check without credentials', async () => {
      const response = await request(backend.server).get(
        '/api/workspaces/health',
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it.each([
      ['get', '/building-blocks'],
      ['get', '/clusters'],
      ['get', '/workspaces'],
      ['post', '/workspaces'],
      ['get', '/workspaces/some-id'],
      ['patch', '/workspaces/some-id'],
      ['delete', '/workspaces/some-id'],
      ['post', '/workspaces/some-id/start'],
      ['post', '/workspaces/some-id/stop'],
      ['get', '/workspaces/some-id/runs'],
      ['get', '/workspaces/some-id/events'],
      ['get', '/summary?project=vision'],
    ] as const)('refuses an anonymous %s %s with 401', async (method, path) => {
      const response = await request(backend.server)[method](
        `/api/workspaces${path}`,
      );
      expect(response.status).toBe(401);
    });

    // the responses are checked against the contract here: a 403 it did
    // not declare would be a 500
    it.each([
      '/building-blocks',
      '/clusters',
      '/workspaces',
      '/workspaces/some-id',
      '/workspaces/some-id/runs',
      '/workspaces/some-id/events',
      '/workspaces/some-id/logs',
      '/workspaces/some-id/kubernetes-events',
      '/workspaces/some-id/objects',
      '/workspaces/some-id/explanation',
      '/quota?project=system:default/vision',
      '/summary?project=vision',
    ])(
      'refuses a service GET %s with 403, as the contract says',
      async path => {
        const response = await request(backend.server)
          .get(`/api/workspaces${path}`)
          .set('Authorization', mockCredentials.service.header());
        expect(response.status).toBe(403);
      },
    );

    it('names the configured clusters, and none without a kubernetes config', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/clusters')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [] });
    });

    it('lists only the blocks open to every project without a project', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(200);
      expect(response.body.environments.map((e: any) => e.id)).toEqual([
        'jupyterlab',
      ]);
      expect(response.body.computePresets.map((p: any) => p.id)).toEqual([
        'cpu-small',
      ]);
      expect(response.body.dataSources.map((d: any) => d.id)).toEqual([
        'home',
        'examples',
      ]);
    });

    it('adds the blocks scoped to the project when a project is named', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/vision')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(200);
      expect(response.body.environments.map((e: any) => e.id)).toEqual([
        'jupyterlab',
        'vision-lab',
      ]);
      expect(response.body.computePresets.map((p: any) => p.id)).toEqual([
        'cpu-small',
        'gpu-1',
      ]);
      expect(response.body.computePresets[1]).toMatchObject({
        gpu: { count: 1, resourceName: 'nvidia.com/gpu' },
        gpuDescription: 'one simulated GPU',
        scheduling: {
          nodeSelector: {},
          tolerations: [],
          topologySpreadConstraints: [],
          podLabels: {},
          podAnnotations: {},
        },
        overrides: { gpu: { min: 0, max: 2 } },
      });
    });

    it('accepts a project ref without kind and namespace', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=vision')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(200);
      expect(response.body.environments).toHaveLength(2);
    });

    it('answers 404 for a project the catalog does not have', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/nope')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'Project system:default/nope was not found in the catalog',
      );
    });

    it('answers 400 for an entity without a namespace annotation', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/website')
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /^project: system:default\/website is not a workspaces project; it needs the annotation backstage.io\/kubernetes-namespace/,
      );
    });

    it.each([
      [
        'project=system:default/',
        /project: 'system:default\/' is not an entity ref/,
      ],
      ['project=a&project=b', /project/],
      [
        `project=${'x'.repeat(300)}`,
        /project: must be one entity ref of at most 255 characters/,
      ],
    ])('answers 400 naming the field for %s', async (query, message) => {
      const response = await request(backend.server)
        .get(`/api/workspaces/building-blocks?${query}`)
        .set('Authorization', backend.user('alice'));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    });
  },
);
