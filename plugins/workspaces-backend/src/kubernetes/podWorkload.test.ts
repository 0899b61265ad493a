import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { adminClients } from '../__testUtils__/kubernetesTestCluster';
import { quotaRefusingPods } from '../__testUtils__/quotaRefusingPods';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import {
  AuditedCluster,
  isWrite,
} from '../reliability/__testUtils__/startAuditedCluster';
import { startAuditedBackend } from '../reliability/__testUtils__/startAuditedBackend';
import { ObservedStatus, RuntimeStore } from '../database/RuntimeStore';
import { WORKSPACE_ID_LABEL, workspacePodName } from './labels';
import { WorkspaceObjects } from './WorkspaceObjects';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';

jest.setTimeout(240_000);

const databases = createTestDatabases();

/**
 * `workspaces.kubernetes.workload: Pod`: the backend creates the pod and
 * deletes it at a stop, with the rights the repository's Role grants
 * (the audited cluster's ServiceAccount has exactly those); no StatefulSet.
 */
describe.each(databases.eachSupportedId())(
  'the workload Pod on %s',
  databaseId => {
    let cluster: AuditedCluster;
    let backend: WorkspacesTestBackend;
    let stop: () => Promise<void>;
    const namespace = 'vision';
    const suffix = databaseId.toLowerCase().replace('_', '');

    beforeAll(async () => {
      ({ cluster, backend, stop } = await startAuditedBackend({
        databases,
        databaseId,
        namespaces: [namespace],
        workspaces: {
          kubernetes: { sweepIntervalSeconds: 1, workload: 'Pod' },
        },
      }));
    });

    afterAll(() => stop?.());

    const writesSince = (index: number) =>
      cluster
        .requests()
        .slice(index)
        .filter(isWrite)
        .map(r => `${r.verb} ${r.resource}/${r.name} ${r.code}`);

    const stopWorkspace = (id: string) =>
      request(backend.server)
        .post(`/api/workspaces/workspaces/${id}/stop`)
        .set('Authorization', backend.user('bob'));

    const startWorkspace = (id: string) =>
      request(backend.server)
        .post(`/api/workspaces/workspaces/${id}/start`)
        .set('Authorization', backend.user('bob'));

    it('creates the pod itself after its NetworkPolicy and no StatefulSet; a stop is one write, a start again the pod and its Secret', async () => {
      const bob = backend.user('bob');
      const before = cluster.requests().length;
      const workspace = await createWorkspace(backend.server, bob, {
        name: `pod-${suffix}`,
      });
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
      const podName = workspacePodName(workspace.name);
      const writes = writesSince(before);
      const policyName = `ws-${workspace.name}`;
      // the pod never runs without the policy that lets only the allowed
      // peers reach it
      expect(writes).toContain(`create pods/${podName} 201`);
      expect(writes.indexOf(`patch networkpolicies/${policyName} 201`)).toBe(
        writes.indexOf(`create pods/${podName} 201`) - 1,
      );
      expect(writes.filter(w => w.includes('statefulsets'))).toEqual([]);

      const { core, objects } = adminClients(cluster.kube);
      const pod = await core.readNamespacedPod({ namespace, name: podName });
      expect(pod.metadata!.ownerReferences).toBeUndefined();
      const policy = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: policyName, namespace },
      };
      expect((await objects.read(policy)).metadata!.ownerReferences).toBe(
        undefined,
      );

      const beforeStop = cluster.requests().length;
      expect((await stopWorkspace(workspace.id)).status).toBe(202);
      await waitForStatus(backend.server, bob, workspace.id, 'Stopped');
      const deletes = cluster
        .requests()
        .slice(beforeStop)
        .filter(r => isWrite(r) && r.verb === 'delete');
      expect(deletes.map(r => `${r.resource}/${r.name} ${r.code}`)).toEqual([
        `pods/${podName} 200`,
      ]);
      expect(deletes[0].requestObject).toMatchObject({
        preconditions: { uid: pod.metadata!.uid },
      });
      // the pod goes before anything is read: the read for a StatefulSet
      // left from the other workload comes after its delete
      const stopRequests = cluster
        .requests()
        .slice(beforeStop)
        .map(r => `${r.verb} ${r.resource}`)
        .filter(r => /^(delete pods|get statefulsets)$/.test(r));
      // (once: later looks within the drift-check interval skip it, below)
      expect(stopRequests.slice(0, 2)).toEqual([
        'delete pods',
        'get statefulsets',
      ]);
      const claims = await core.listNamespacedPersistentVolumeClaim({
        namespace,
        labelSelector: `${WORKSPACE_ID_LABEL}=${workspace.id}`,
      });
      expect(claims.items).toHaveLength(1);
      // kept while stopped, with the volume claim
      expect((await objects.read(policy)).metadata!.uid).toBeDefined();

      // started again: a new pod of the same name, and then only its Secret
      // (the test workspace has a secret variable), which the pod owns
      const beforeStart = cluster.requests().length;
      expect((await startWorkspace(workspace.id)).status).toBe(202);
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
      expect(writesSince(beforeStart)).toEqual([
        `create pods/${podName} 201`,
        `patch secrets/ws-${workspace.name}-env 201`,
      ]);
      const again = await core.readNamespacedPod({ namespace, name: podName });
      expect(again.metadata!.uid).not.toBe(pod.metadata!.uid);

      // stopped again within the drift-check interval: the first stop found
      // no StatefulSet of the other workload, so this one is one request
      const beforeSecondStop = cluster.requests().length;
      expect((await stopWorkspace(workspace.id)).status).toBe(202);
      await waitForStatus(backend.server, bob, workspace.id, 'Stopped');
      expect(
        cluster
          .requests()
          .slice(beforeSecondStop)
          .filter(r => r.verb !== 'watch')
          .map(r => `${r.verb} ${r.resource}/${r.name}`),
      ).toEqual([`delete pods/${podName}`]);
    });

    it("deletes a stopped workspace's pod once when sweeps come before the watch has seen the deletion", async () => {
      const bob = backend.user('bob');
      const workspace = await createWorkspace(backend.server, bob, {
        name: `swept-stop-${suffix}`,
      });
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
      const podName = workspacePodName(workspace.name);
      const { core } = adminClients(cluster.kube);
      const running = await core.readNamespacedPod({
        namespace,
        name: podName,
      });
      // the watch cache keeps showing the running pod, as when the event of
      // its deletion comes after the sweeps that follow the stop
      const cachedPod = WorkspaceObjects.prototype.cachedPod;
      jest
        .spyOn(WorkspaceObjects.prototype, 'cachedPod')
        .mockImplementation(function cached(this: WorkspaceObjects, ns, pod) {
          return pod === podName
            ? { pod: running }
            : cachedPod.call(this, ns, pod);
        });
      const sweeps = jest.spyOn(KubernetesWorkspaceRuntime.prototype, 'sweep');
      const beforeStop = cluster.requests().length;
      try {
        expect((await stopWorkspace(workspace.id)).status).toBe(202);
        // the backend sweeps every second; a Stopping workspace is never
        // settled, so each sweep makes a full pass of it
        const stoppedAt = sweeps.mock.calls.length;
        await waitUntil(
          'two sweeps after the stop',
          async () => {
            const after = sweeps.mock.results.slice(stoppedAt);
            await Promise.all(after.map(r => r.value));
            return { done: after.length >= 3, value: after.length };
          },
          30_000,
        );
      } finally {
        jest.restoreAllMocks();
      }
      await waitForStatus(backend.server, bob, workspace.id, 'Stopped');
      const deletes = cluster
        .requests()
        .slice(beforeStop)
        .filter(r => isWrite(r) && r.verb === 'delete')
        .map(r => `${r.resource}/${r.name}`);
      expect(deletes).toEqual([`pods/${podName}`]);
    });

    it('makes the pod again when it is deleted under a running workspace', async () => {
      const bob = backend.user('bob');
      const workspace = await createWorkspace(backend.server, bob, {
        name: `evicted-${suffix}`,
      });
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
      const podName = workspacePodName(workspace.name);
      const { core } = adminClients(cluster.kube);
      const first = await core.readNamespacedPod({ namespace, name: podName });

      await core.deleteNamespacedPod({ namespace, name: podName });
      const { value: replaced } = await waitUntil(
        'a new pod of the workspace',
        async () => {
          const pod = await core
            .readNamespacedPod({ namespace, name: podName })
            .catch(() => undefined);
          return {
            done: Boolean(pod) && pod!.metadata!.uid !== first.metadata!.uid,
            value: pod,
          };
        },
        60_000,
      );
      expect(replaced!.metadata!.labels![WORKSPACE_ID_LABEL]).toBe(
        workspace.id,
      );
      await waitForStatus(backend.server, bob, workspace.id, 'Running');
    });

    it("describes the pod its full pass created as the create's answer when the watch cache has not seen it yet: Waiting for the scheduler, not Creating the workspace's objects", async () => {
      const bob = backend.user('bob');
      const name = `unseen-${suffix}`;
      const podName = workspacePodName(name);
      // the watch cache shows no pod of the workspace until the first
      // status write (the full pass's), as when its watch event comes later
      let hidden = true;
      const cachedPod = WorkspaceObjects.prototype.cachedPod;
      jest
        .spyOn(WorkspaceObjects.prototype, 'cachedPod')
        .mockImplementation(function cached(this: WorkspaceObjects, ns, pod) {
          const found = cachedPod.call(this, ns, pod);
          return hidden && pod === podName && found
            ? { pod: undefined }
            : found;
        });
      const setStatus = RuntimeStore.prototype.setStatus;
      const recorded: ObservedStatus[] = [];
      jest
        .spyOn(RuntimeStore.prototype, 'setStatus')
        .mockImplementation(async function record(this: RuntimeStore, ...args) {
          const [workspace, observed] = args;
          const result = await setStatus.apply(this, args);
          if (workspace.name === name) {
            recorded.push(observed);
            hidden = false;
          }
          return result;
        });
      try {
        const workspace = await createWorkspace(backend.server, bob, { name });
        await waitForStatus(backend.server, bob, workspace.id, 'Running');
      } finally {
        jest.restoreAllMocks();
      }
      expect(recorded[0]).toEqual({
        status: 'Pending',
        reason: 'Scheduling',
        message: 'Waiting for the scheduler',
      });
      expect(recorded.map(r => r.message)).not.toContain(
        "Creating the workspace's objects",
      );
    });

    it("reports a quota's refusal of the pod as Pending, QuotaExceeded, and creates the pod once the quota allows it", async () => {
      // admission refuses the backend's own create of the pod
      const quota = await quotaRefusingPods(cluster.kube, namespace);
      const bob = backend.user('bob');
      const workspace = await createWorkspace(backend.server, bob, {
        name: `refused-${suffix}`,
      });
      try {
        const pending = await waitForStatus(
          backend.server,
          bob,
          workspace.id,
          'Pending',
          60_000,
        );
        expect(pending.statusReason).toBe('QuotaExceeded');
        expect(pending.statusMessage).toMatch(
          /^Pending: the namespace's quota refuses the pod: .*exceeded quota: no-more-pods/,
        );
      } finally {
        await quota.remove();
      }
      // the sweep tries again
      await waitForStatus(backend.server, bob, workspace.id, 'Running', 60_000);
    });
  },
);
