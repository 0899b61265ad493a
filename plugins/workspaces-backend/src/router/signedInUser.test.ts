import { getKubeLocal } from '@internal/kube-local';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  ShippedBackend,
  startShippedBackend,
} from '../__testUtils__/backendProcess/startShippedBackend';
import {
  adminClients,
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { waitUntil } from '../__testUtils__/waitUntil';
import { writeProjectCatalog } from '../__testUtils__/projectCatalog';

/*
 * What a signed-in user does with a running workspace, against the shipped
 * backend (packages/backend) in a child process with the real auth and
 * permission backends and a workspace runtime on the test control plane:
 * keep it alive, edit it, and read the project's quota.
 */

jest.setTimeout(300_000);

const packageFile = (path: string) =>
  resolvePackagePath('@backstage-workspaces/plugin-workspaces-backend', path);

/*
 * A project and namespace of this test's own: the quota display counts what
 * runs in the namespace, which other test files' workspaces must not change.
 */
const NAMESPACE = 'signed-in';
const PROJECT = `system:default/${NAMESPACE}`;

describe('a signed-in user against the shipped backend', () => {
  const kube = getKubeLocal();
  const suffix = Date.now().toString(36);
  const quotaName = `cpu-${suffix}`;
  let backend: ShippedBackend;
  let bob: string;
  let workspace: any;

  beforeAll(async () => {
    const pluginToken = await prepareTestCluster(kube, [NAMESPACE]);
    await adminClients(kube).core.createNamespacedResourceQuota({
      namespace: NAMESPACE,
      body: {
        metadata: { name: quotaName },
        spec: { hard: { 'requests.cpu': '8' } },
      },
    });
    const { workspaces, kubernetes } = runtimeTestConfig(kube, pluginToken, {
      quotas: {
        perUser: { workspaces: 2 },
        projects: { [PROJECT]: { workspaces: 5 } },
      },
    });
    backend = await startShippedBackend({
      database: 'SQLITE_3',
      catalogFiles: [
        packageFile('src/__testUtils__/catalog.yaml'),
        packageFile('src/__testUtils__/org.yaml'),
        writeProjectCatalog(NAMESPACE, 'group:default/vision-team'),
      ],
      workspaces,
      kubernetes,
      guest: {
        userEntityRef: 'user:default/ghost',
        ownershipEntityRefs: ['user:default/ghost'],
      },
      async ready(b) {
        const token = await b.signIn('bob');
        const blocks = await fetch(
          `${b.baseUrl}/api/workspaces/building-blocks?project=${PROJECT}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return blocks.status === 200;
      },
    });
    bob = `Bearer ${await backend.signIn('bob')}`;
    workspace = await createWorkspace(backend.baseUrl, bob, {
      name: `kept-${suffix}`,
      project: PROJECT,
    });
    await waitUntil(
      'the workspace to be Running',
      async () => {
        const { body } = await request(backend.baseUrl)
          .get(`/api/workspaces/workspaces/${workspace.id}`)
          .set('Authorization', bob);
        return { done: body.status === 'Running', value: body.status };
      },
      120_000,
    );
  });

  afterAll(async () => {
    if (workspace) {
      await request(backend.baseUrl)
        .delete(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', bob);
    }
    await backend?.stop();
    await adminClients(kube)
      .core.deleteNamespacedResourceQuota({
        namespace: NAMESPACE,
        name: quotaName,
      })
      .catch(() => undefined);
  });

  it('keeps a running workspace alive for the configured hour', async () => {
    const before = Date.now();
    const response = await request(backend.baseUrl)
      .post(`/api/workspaces/workspaces/${workspace.id}/keep-alive`)
      .set('Authorization', bob);
    const after = Date.now();
    expect(response.status).toBe(200);
    const until = new Date(response.body.keepAliveUntil).getTime();
    expect(until).toBeGreaterThanOrEqual(before - 1000 + 60 * 60_000);
    expect(until).toBeLessThanOrEqual(after + 1000 + 60 * 60_000);
    // what the details page shows on reload
    const reloaded = await request(backend.baseUrl)
      .get(`/api/workspaces/workspaces/${workspace.id}`)
      .set('Authorization', bob);
    expect(reloaded.body).toMatchObject({
      status: 'Running',
      keepAliveUntil: response.body.keepAliveUntil,
    });
  });

  it('edits a workspace: the new value is saved, the revision moves on', async () => {
    const current = (
      await request(backend.baseUrl)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', bob)
    ).body;
    const response = await request(backend.baseUrl)
      .patch(`/api/workspaces/workspaces/${workspace.id}`)
      .set('Authorization', bob)
      .send({
        revision: current.revision,
        env: [{ name: 'MLFLOW_URL', value: 'http://mlflow-2' }],
      });
    expect(response.status).toBe(200);
    const reloaded = (
      await request(backend.baseUrl)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', bob)
    ).body;
    expect(reloaded).toMatchObject({
      revision: current.revision + 1,
      env: [{ name: 'MLFLOW_URL', value: 'http://mlflow-2' }],
    });
    // an edit with the old revision is refused, not applied over the new one
    const stale = await request(backend.baseUrl)
      .patch(`/api/workspaces/workspaces/${workspace.id}`)
      .set('Authorization', bob)
      .send({
        revision: current.revision,
        env: [{ name: 'MLFLOW_URL', value: 'http://stale' }],
      });
    expect(stale.status).toBe(409);
  });

  it("shows the project's quota: the namespace's ResourceQuota and the configured limits, with what runs", async () => {
    // the quota controller counts the workspace's pod in its own time
    const { value: quota } = await waitUntil(
      'the namespace quota to count the pod',
      async () => {
        const { body } = await request(backend.baseUrl)
          .get(`/api/workspaces/quota?project=${PROJECT}`)
          .set('Authorization', bob);
        return {
          done: body.items?.some(
            (i: any) =>
              i.name ===
                `ResourceQuota ${quotaName} in namespace ${NAMESPACE}` &&
              i.used !== '0',
          ),
          value: body,
        };
      },
      60_000,
    );
    expect(quota.project).toBe(PROJECT);
    expect(quota.namespace).toBe(NAMESPACE);
    expect(quota.items).toEqual([
      {
        scope: 'namespace',
        name: `ResourceQuota ${quotaName} in namespace ${NAMESPACE}`,
        resource: 'requests.cpu',
        hard: '8',
        used: '500m',
        remaining: '7500m',
      },
      {
        scope: 'project',
        name: `the limit of project ${PROJECT} (workspaces.quotas.projects["${PROJECT}"])`,
        resource: 'workspaces',
        hard: '5',
        used: '1',
        remaining: '4',
      },
      {
        scope: 'user',
        name: 'the limit of user:default/bob (workspaces.quotas.perUser)',
        resource: 'workspaces',
        hard: '2',
        used: '1',
        remaining: '1',
      },
    ]);
  });
});
