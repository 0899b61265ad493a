import { getKubeLocal } from '@internal/kube-local';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Watch } from '@kubernetes/client-node';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { createAdminKubeConfig } from '@internal/kube-local';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();
// replicas share one database; SQLite in memory cannot be shared between them
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id !== 'SQLITE_3');

// without PostgreSQL (a local run outside scripts/test) there is nothing to share
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('two backend replicas on one %s', databaseId => {
  const backends: WorkspacesTestBackend[] = [];

  beforeAll(async () => {
    const token = await prepareTestCluster(kube, ['vision']);
    const shared = new Map<string, ReturnType<TestDatabases['init']>>();
    for (let i = 0; i < 2; i++) {
      backends.push(
        await startWorkspacesTestBackend({
          databases,
          databaseId,
          sharedDatabases: shared,
          config: runtimeTestConfig(kube, token),
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(backends.map(backend => backend.stop()));
  });

  it('never run two pods for one workspace, whichever replica gets the calls', async () => {
    const [a, b] = backends;
    const workspace = await createWorkspace(a.server, a.user('bob'), {
      name: 'replicas',
    });

    // every pod of the workspace the cluster ever holds at once
    const live = new Set<string>();
    let most = 0;
    const watch = await new Watch(createAdminKubeConfig(kube)).watch(
      '/api/v1/namespaces/vision/pods',
      { labelSelector: `workspaces.backstage.io/workspace-id=${workspace.id}` },
      (phase, pod) => {
        if (phase === 'DELETED') live.delete(pod.metadata.uid);
        else live.add(pod.metadata.uid);
        most = Math.max(most, live.size);
      },
      () => undefined,
    );

    const call = (backend: WorkspacesTestBackend, action: string) =>
      request(backend.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/${action}`)
        .set('Authorization', backend.user('bob'));
    for (const [backend, action] of [
      [b, 'stop'],
      [a, 'start'],
      [b, 'stop'],
      [a, 'start'],
      [b, 'stop'],
      [b, 'start'],
    ] as const) {
      expect((await call(backend, action)).status).toBe(202);
    }

    const deadline = Date.now() + 60_000;
    let status = '';
    while (Date.now() < deadline && status !== 'Running') {
      status = (
        await request(a.server)
          .get(`/api/workspaces/workspaces/${workspace.id}`)
          .set('Authorization', a.user('bob'))
      ).body.status;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    expect(status).toBe('Running');
    watch.abort();

    expect(most).toBe(1);
    const { core } = adminClients(kube);
    const pods = await core.listNamespacedPod({
      namespace: 'vision',
      labelSelector: `workspaces.backstage.io/workspace-id=${workspace.id}`,
    });
    expect(pods.items).toHaveLength(1);
  });
});
