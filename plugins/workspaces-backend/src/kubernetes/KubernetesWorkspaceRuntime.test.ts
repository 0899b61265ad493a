import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import {
  buildingBlocksConfig,
  hundredGpusPreset,
} from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { waitUntil } from '../__testUtils__/waitUntil';
import { listWorkspaceObjectsByLabel } from '../__testUtils__/workspaceObjectKinds';
import {
  createWorkspace,
  waitForStatus as waitFor,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

// the building blocks of the tests, with environments and a preset that fail
const workspacesChanges = {
  kubernetes: {
    startTimeoutMinutes: 0.1,
    sweepIntervalSeconds: 1,
    // the drift test waits for the repair
    driftCheckIntervalSeconds: 2,
  },
  environments: [
    ...buildingBlocksConfig.environments,
    {
      id: 'never-ready',
      title: 'Never ready',
      image: 'registry.example.com/team/never-ready:1.0',
      runAsUser: 1000,
      tools: [{ id: 'lab', type: 'jupyterlab', title: 'Lab', port: 8888 }],
    },
    {
      id: 'broken',
      title: 'Broken image',
      image: 'registry.example.com/team/fail-pull:1.0',
      runAsUser: 1000,
      tools: [{ id: 'lab', type: 'jupyterlab', title: 'Lab', port: 8888 }],
    },
  ],
  dataSources: [
    ...buildingBlocksConfig.dataSources,
    {
      id: 'tmp',
      type: 'scratch',
      title: 'Scratch space',
      mountPath: '/scratch',
      size: '1Gi',
    },
  ],
  computePresets: [...buildingBlocksConfig.computePresets, hundredGpusPreset],
};

describe.each(databases.eachSupportedId())(
  'the Kubernetes runtime on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const clients = adminClients(kube);
    const namespace = `vision`;

    const get = (id: string) =>
      request(backend.server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', backend.user('bob'));

    const waitForStatus = (id: string, status: string, timeoutMs?: number) =>
      waitFor(backend.server, backend.user('bob'), id, status, timeoutMs);

    beforeAll(async () => {
      // the plugin works with the rights of the role the repository ships
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        workspaces: workspacesChanges,
      }));
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('runs, stops and starts a workspace keeping its volume, then deletes every object of every kind it had, found by its label', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: `life-${databaseId.toLowerCase().replace('_', '')}` },
      );
      const running = await waitForStatus(created.id, 'Running');
      expect(running.statusMessage).toMatch(/^Running on node sim-/);
      // the intent and each observed status reach the project's members live
      const signalled = backend.signals.filter(
        signal => signal.message.workspaceId === created.id,
      );
      expect(signalled.map(signal => signal.message.status)).toEqual(
        expect.arrayContaining(['Creating', 'Running']),
      );
      expect(signalled[0]).toEqual({
        channel: 'workspaces:changed',
        recipients: {
          type: 'user',
          // the project's users (vision-team's, from the catalog), the
          // creator and the admins
          entityRef: expect.arrayContaining([
            'user:default/bob',
            'user:default/dave',
            'group:default/platform-admins',
          ]),
        },
        message: {
          workspaceId: created.id,
          project: 'system:default/vision',
          status: 'Creating',
        },
      });

      const base = `ws-${created.name}`;
      const pod = await clients.core.readNamespacedPod({
        namespace,
        name: `${base}-0`,
      });
      expect(pod.metadata!.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'backstage-workspaces',
        'workspaces.backstage.io/workspace-id': created.id,
        'backstage.io/kubernetes-id': 'vision',
      });
      const runs = await request(backend.server)
        .get(`/api/workspaces/workspaces/${created.id}/runs`)
        .set('Authorization', backend.user('bob'));
      expect(pod.metadata!.labels!['workspaces.backstage.io/run-id']).toBe(
        runs.body.items[0].id,
      );
      expect(runs.body.items[0].podName).toBe(`${base}-0`);
      // the grid's node and running time: the open run's, where the
      // scheduler placed the pod; the list filters by that node
      const nodeName = pod.spec!.nodeName!;
      const listed = await waitUntil(
        'the workspace listed on its node',
        async () => {
          const page = await request(backend.server)
            .get(`/api/workspaces/workspaces?node=${nodeName}&sort=node`)
            .set('Authorization', backend.user('bob'));
          const value = page.body.items?.find(
            (w: { id: string }) => w.id === created.id,
          );
          return { done: Boolean(value), value };
        },
        30_000,
      );
      expect(listed.value).toMatchObject({
        node: nodeName,
        runStartedAt: runs.body.items[0].startedAt,
      });
      const claim = await clients.core.readNamespacedPersistentVolumeClaim({
        namespace,
        name: `${base}-home`,
      });
      // the backend reaches the tools at the pod: a Service only with ingresses
      await expect(
        clients.core.readNamespacedService({ namespace, name: base }),
      ).rejects.toMatchObject({ code: 404 });
      await clients.networking.readNamespacedNetworkPolicy({
        namespace,
        name: base,
      });
      const secret = await clients.core.readNamespacedSecret({
        namespace,
        name: `${base}-env`,
      });
      expect(Buffer.from(secret.data!.API_TOKEN, 'base64').toString()).toBe(
        's3cr3t-value',
      );

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/stop`)
        .set('Authorization', backend.user('bob'));
      const stopped = await waitForStatus(created.id, 'Stopped');
      expect(stopped).not.toHaveProperty('node');
      expect(stopped).not.toHaveProperty('runStartedAt');
      await expect(
        clients.core.readNamespacedPod({ namespace, name: `${base}-0` }),
      ).rejects.toMatchObject({ code: 404 });
      // a stopped workspace keeps only its volume claims: the garbage
      // collector removes what the StatefulSet owned
      const kept = await waitUntil(
        'only the volume claim left of the stopped workspace',
        async () => {
          const left = await listWorkspaceObjectsByLabel(
            clients.objects,
            namespace,
            created.id,
          );
          const kinds = Object.keys(left).filter(k => left[k].length > 0);
          return {
            done: kinds.join() === 'PersistentVolumeClaim',
            value: left,
          };
        },
        60_000,
      );
      expect(kept.value.PersistentVolumeClaim).toEqual([`${base}-home`]);

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/start`)
        .set('Authorization', backend.user('bob'));
      await waitForStatus(created.id, 'Running');
      const claimAfter = await clients.core.readNamespacedPersistentVolumeClaim(
        { namespace, name: `${base}-home` },
      );
      expect(claimAfter.metadata!.uid).toBe(claim.metadata!.uid);

      // every kind the plugin makes, found by the workspace's label: all but
      // ingresses and their Service (its environment has none) exist now,
      // none after the delete
      const before = await listWorkspaceObjectsByLabel(
        clients.objects,
        namespace,
        created.id,
      );
      expect(
        Object.keys(before).filter(kind => before[kind].length === 0),
      ).toEqual(['Service', 'Ingress']);
      await request(backend.server)
        .delete(`/api/workspaces/workspaces/${created.id}`)
        .set('Authorization', backend.user('bob'));
      const deadline = Date.now() + 60_000;
      while ((await get(created.id)).status !== 404 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      expect((await get(created.id)).status).toBe(404);
      expect(
        await listWorkspaceObjectsByLabel(
          clients.objects,
          namespace,
          created.id,
        ),
      ).toEqual(
        Object.fromEntries(Object.keys(before).map(kind => [kind, []])),
      );
    });

    it('reuses the name of a workspace once its delete has completed', async () => {
      const name = `reused-${databaseId.toLowerCase().replace('_', '')}`;
      const first = await createWorkspace(backend.server, backend.user('bob'), {
        name,
      });
      await waitForStatus(first.id, 'Running');
      const deleted = await request(backend.server)
        .delete(`/api/workspaces/workspaces/${first.id}`)
        .set('Authorization', backend.user('bob'));
      expect(deleted.status).toBe(202);
      await waitUntil(
        'the delete to complete',
        async () => {
          const { status } = await get(first.id);
          return { done: status === 404, value: status };
        },
        60_000,
      );
      const second = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name },
      );
      expect(second.id).not.toBe(first.id);
      const running = await waitForStatus(second.id, 'Running');
      expect(running.name).toBe(name);
      // the new workspace's pod, not a leftover of the first
      const pod = await clients.core.readNamespacedPod({
        namespace,
        name: `ws-${name}-0`,
      });
      expect(
        pod.metadata!.labels!['workspaces.backstage.io/workspace-id'],
      ).toBe(second.id);
    });

    it('gives scratch space a new claim with each run, and takes it back at the stop', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: `scratch-${databaseId.toLowerCase().replace('_', '')}`,
          dataSources: [{ id: 'home' }, { id: 'tmp' }],
        },
      );
      const pod = `ws-${created.name}-0`;
      // the ephemeral-volume controller's claim, <pod>-<volume>, owned by the pod
      const scratchClaim = async () =>
        clients.core.readNamespacedPersistentVolumeClaim({
          namespace,
          name: `${pod}-data-tmp`,
        });
      const gone = async () => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          try {
            await scratchClaim();
          } catch (error: any) {
            if (error.code === 404) return;
            throw error;
          }
          if (Date.now() > deadline)
            throw new Error('the scratch claim stayed');
          await new Promise(resolve => setTimeout(resolve, 250));
        }
      };

      await waitForStatus(created.id, 'Running');
      const first = await scratchClaim();
      expect(first.metadata!.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Pod', name: pod }),
      ]);
      expect(first.spec!.resources!.requests!.storage).toBe('1Gi');

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/stop`)
        .set('Authorization', backend.user('bob'));
      await waitForStatus(created.id, 'Stopped');
      await gone();

      await request(backend.server)
        .post(`/api/workspaces/workspaces/${created.id}/start`)
        .set('Authorization', backend.user('bob'));
      await waitForStatus(created.id, 'Running');
      const second = await scratchClaim();
      expect(second.metadata!.uid).not.toBe(first.metadata!.uid);

      await request(backend.server)
        .delete(`/api/workspaces/workspaces/${created.id}`)
        .set('Authorization', backend.user('bob'));
      await gone();
    });

    it('fails a workspace whose image cannot be pulled, with the reason', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: `pull-${databaseId.toLowerCase().replace('_', '')}`,
          environment: 'broken',
        },
      );
      const failed = await waitForStatus(created.id, 'Failed');
      expect(failed.statusReason).toBe('ImagePullBackOff');
      expect(failed.statusMessage).toContain(
        'registry.example.com/team/fail-pull:1.0',
      );
    });

    it('keeps a workspace that asks for more GPUs than any node has Pending, saying why', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: `gpus-${databaseId.toLowerCase().replace('_', '')}`,
          compute: { preset: 'gpu-hundred' },
        },
      );
      const pending = await waitForStatus(created.id, 'Pending');
      expect(pending.statusReason).toBe('Unschedulable');
      expect(pending.statusMessage).toMatch(/nvidia.com\/gpu/);
    });

    it('fails a run that does not become ready in time, and gives its pod back', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: `slow-${databaseId.toLowerCase().replace('_', '')}`,
          environment: 'never-ready',
        },
      );
      const failed = await waitForStatus(created.id, 'Failed');
      expect(failed.statusReason).toBe('StartTimeout');
      const base = `ws-${created.name}`;
      // its workload goes, pod and all; the volume claim stays
      await waitUntil(
        "the failed run's StatefulSet removed",
        async () => {
          const code = await clients.apps
            .readNamespacedStatefulSet({ namespace, name: base })
            .then(
              () => 200,
              (error: any) => error.code,
            );
          return { done: code === 404, value: code };
        },
        30_000,
      );
      await clients.core.readNamespacedPersistentVolumeClaim({
        namespace,
        name: `${base}-home`,
      });
      const runs = await request(backend.server)
        .get(`/api/workspaces/workspaces/${created.id}/runs`)
        .set('Authorization', backend.user('bob'));
      expect(runs.body.items[0].endReason).toMatch(
        /^Failed: Did not become ready within 0.1 min/,
      );
    });

    it('repairs drift: a NetworkPolicy deleted by hand comes back, a deleted pod is replaced', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: `drift-${databaseId.toLowerCase().replace('_', '')}`,
        },
      );
      await waitForStatus(created.id, 'Running');
      const base = `ws-${created.name}`;
      await clients.networking.deleteNamespacedNetworkPolicy({
        namespace,
        name: base,
      });
      await clients.core.deleteNamespacedPod({
        namespace,
        name: `${base}-0`,
        gracePeriodSeconds: 0,
      });
      const deadline = Date.now() + 30_000;
      let restored = false;
      while (!restored && Date.now() < deadline) {
        restored = await clients.networking
          .readNamespacedNetworkPolicy({ namespace, name: base })
          .then(
            () => true,
            () => false,
          );
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      expect(restored).toBe(true);
      const running = await waitForStatus(created.id, 'Running');
      expect(running.desiredState).toBe('Running');
      const pods = await clients.core.listNamespacedPod({
        namespace,
        labelSelector: `workspaces.backstage.io/workspace-id=${created.id}`,
      });
      expect(
        pods.items.filter(p => !p.metadata!.deletionTimestamp),
      ).toHaveLength(1);
    });
  },
);
