import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { listWorkspaceObjectsByLabel } from '../__testUtils__/workspaceObjectKinds';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

/**
 * `workspaces.kubernetes.keepWorkloadWhenStopped`: the other design of a
 * stopped workspace (by default it keeps only its volume claims, see
 * KubernetesWorkspaceRuntime.test.ts).
 */
describe.each(databases.eachSupportedId())(
  'a stopped workspace that keeps its workload on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const clients = adminClients(kube);
    const namespace = 'vision';

    beforeAll(async () => {
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        workspaces: { kubernetes: { keepWorkloadWhenStopped: true } },
      }));
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('keeps its StatefulSet at 0 replicas, its Secret and NetworkPolicy, and starts the same StatefulSet again', async () => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `keep-${databaseId.toLowerCase().replace('_', '')}`,
      });
      await waitForStatus(backend.server, bob, created.id, 'Running');
      const base = `ws-${created.name}`;
      const statefulSet = await clients.apps.readNamespacedStatefulSet({
        namespace,
        name: base,
      });

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/stop`)
        .set('Authorization', bob);
      await waitForStatus(backend.server, bob, created.id, 'Stopped');
      const stopped = await clients.apps.readNamespacedStatefulSet({
        namespace,
        name: base,
      });
      expect(stopped.spec!.replicas).toBe(0);
      expect(stopped.metadata!.uid).toBe(statefulSet.metadata!.uid);
      const left = await listWorkspaceObjectsByLabel(
        clients.objects,
        namespace,
        created.id,
      );
      expect(left).toMatchObject({
        StatefulSet: [base],
        Secret: [`${base}-env`],
        NetworkPolicy: [base],
        PersistentVolumeClaim: [`${base}-home`],
        Pod: [],
      });

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/start`)
        .set('Authorization', bob);
      await waitForStatus(backend.server, bob, created.id, 'Running');
      const started = await clients.apps.readNamespacedStatefulSet({
        namespace,
        name: base,
      });
      expect(started.metadata!.uid).toBe(statefulSet.metadata!.uid);
      expect(started.spec!.replicas).toBe(1);
    });
  },
);
