import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { adminClients } from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import {
  AuditedCluster,
  isWrite,
} from '../reliability/__testUtils__/startAuditedCluster';
import { startAuditedBackend } from '../reliability/__testUtils__/startAuditedBackend';
import {
  WORKSPACE_ID_LABEL,
  workspacePodName,
  workspaceStatefulSetName,
} from './labels';

jest.setTimeout(180_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'stopping a workspace on %s',
  databaseId => {
    let cluster: AuditedCluster;
    let backend: WorkspacesTestBackend;
    let stop: () => Promise<void>;
    const namespace = 'vision';

    beforeAll(async () => {
      // the audit log tells the plugin's pod delete from the garbage
      // collector's
      ({ cluster, backend, stop } = await startAuditedBackend({
        databases,
        databaseId,
        namespaces: [namespace],
      }));
    });

    afterAll(() => stop?.());

    it('deletes the pod itself, once, right after its StatefulSet, only the pod it saw (its uid), and keeps the volume claim', async () => {
      const bob = backend.user('bob');
      const workspace = await createWorkspace(backend.server, bob, {
        name: `release-${databaseId.toLowerCase().replace('_', '')}`,
      });
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
      const statefulSet = workspaceStatefulSetName(workspace.name);
      const pod = workspacePodName(workspace.name);

      const { core } = adminClients(cluster.kube);
      const running = await core.readNamespacedPod({ namespace, name: pod });

      const before = cluster.requests().length;
      const stopped = await request(backend.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/stop`)
        .set('Authorization', bob);
      expect(stopped.status).toBe(202);
      await waitForStatus(backend.server, bob, workspace.id, 'Stopped');

      const deletes = cluster
        .requests()
        .slice(before)
        .filter(r => isWrite(r) && r.verb === 'delete');
      expect(deletes.map(r => `${r.resource}/${r.name}`)).toEqual([
        `statefulsets/${statefulSet}`,
        `pods/${pod}`,
      ]);
      expect(deletes[0].code).toBe(200);
      // 404 when the garbage collector, which deletes the pods of a deleted
      // StatefulSet too, got there first (seen on a loaded machine)
      expect([200, 404]).toContain(deletes[1].code);
      // a later run's pod of the same name would not match
      expect(deletes[1].requestObject).toMatchObject({
        preconditions: { uid: running.metadata!.uid },
      });
      const claims = await core.listNamespacedPersistentVolumeClaim({
        namespace,
        labelSelector: `${WORKSPACE_ID_LABEL}=${workspace.id}`,
      });
      expect(claims.items).toHaveLength(1);
      await expect(
        core.readNamespacedPod({ namespace, name: pod }),
      ).rejects.toMatchObject({ code: 404 });
    });
  },
);
