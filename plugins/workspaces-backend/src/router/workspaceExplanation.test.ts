import { KubeLocal, startKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { quotaRefusingPods } from '../__testUtils__/quotaRefusingPods';
import { BROKEN_IMAGE, REAL_JUPYTERLAB } from '../__testUtils__/realTools';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(300_000);

const databases = createTestDatabases();

/** JupyterLab told to serve a folder that does not exist: it exits at start. */
const CRASHING_JUPYTERLAB = {
  ...REAL_JUPYTERLAB,
  id: 'crashing-jupyterlab',
  title: 'JupyterLab serving a missing folder',
  args: ['start-notebook.py', '--ServerApp.root_dir=/home/jovyan/missing'],
};

/** Any number of GPUs, as far as the preset goes: the cluster has 4. */
const MANY_GPUS = {
  id: 'gpu-many',
  title: 'Many GPUs',
  cpu: { request: '1', limit: '2' },
  memory: { request: '1Gi', limit: '2Gi' },
  gpu: { count: 1, nodeSelector: { 'nvidia.com/gpu.present': 'true' } },
  overrides: { gpu: { min: 1, max: 128 } },
};

/*
 * The explanation of each failure, against a control plane of its own (the
 * quota refusal needs a ResourceQuota that would refuse other tests' pods),
 * on both databases: the crash log is kept in the run's row.
 */
describe.each(databases.eachSupportedId())(
  'why a workspace is in its status (%s)',
  databaseId => {
    let kube: KubeLocal;
    let backend: WorkspacesTestBackend;

    const explanation = async (id: string, user: 'bob' | 'alice' = 'bob') =>
      request(backend.server)
        .get(`/api/workspaces/workspaces/${id}/explanation`)
        .set('Authorization', backend.user(user));

    beforeAll(async () => {
      kube = await startKubeLocal();
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        kube,
        workspaces: {
          environments: [
            ...buildingBlocksConfig.environments,
            CRASHING_JUPYTERLAB,
            BROKEN_IMAGE,
          ],
          computePresets: [...buildingBlocksConfig.computePresets, MANY_GPUS],
          quotas: { perProject: { gpus: 200 } },
        },
      }));
    });

    afterAll(async () => {
      await backend?.stop();
      await kube?.stop();
    });

    it("shows a crash at start with the exit code and the container's last log lines, after its pod is gone", async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: 'crashes', environment: CRASHING_JUPYTERLAB.id },
      );
      const failed = await waitForStatus(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'Failed',
        120_000,
      );
      expect(failed.statusReason).toBe('CrashLoopBackOff');
      // the failed run gives its pod back: the log lines come from the run
      const { core } = adminClients(kube);
      await waitUntil(
        'the failed run to give its pod back',
        async () => {
          const pods = await core.listNamespacedPod({ namespace: 'vision' });
          const names = pods.items.map(pod => pod.metadata?.name);
          return { done: !names.includes('ws-crashes-0'), value: names };
        },
        60_000,
      );

      const response = await explanation(workspace.id);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'Failed',
        reason: 'CrashLoopBackOff',
        title: "The workspace's tool keeps crashing",
        details: { container: 'workspace', exitCode: 1 },
      });
      const lines: string[] = response.body.details.logLines;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(10);
      expect(lines.join('\n')).toMatch(
        /Bad config encountered during initialization: No such directory: ''\/home\/jovyan\/missing''/,
      );
      expect(response.body.whatHappened).toContain('exit code 1');
      expect(response.body.whatHappened).toContain('No such directory');
    });

    it('names the image that could not be pulled and what was said about it', async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: 'no-image', environment: BROKEN_IMAGE.id },
      );
      await waitForStatus(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'Failed',
        60_000,
      );
      const response = await explanation(workspace.id);
      expect(response.body).toMatchObject({
        reason: 'ImagePullBackOff',
        details: { image: BROKEN_IMAGE.image },
      });
      expect(response.body.details.registryMessage).toContain(
        BROKEN_IMAGE.image,
      );
    });

    it('names the GPUs no node has, with what the quota still has free', async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: 'hundred-gpus',
          compute: { preset: MANY_GPUS.id, overrides: { gpu: 100 } },
        },
      );
      const pending = await waitForStatus(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'Pending',
        60_000,
      );
      expect(pending.statusMessage).toMatch(/Insufficient nvidia.com\/gpu/);
      const response = await explanation(workspace.id);
      expect(response.body).toMatchObject({
        status: 'Pending',
        reason: 'Unschedulable',
        title: 'Not enough GPUs to start the workspace',
        details: {
          shortResources: [
            {
              resource: 'nvidia.com/gpu',
              label: 'GPUs',
              asked: '100',
              free: '200',
              shortIn: 'cluster',
            },
          ],
        },
      });
      // someone outside the project gets 404, as for the workspace
      const outsider = await explanation(workspace.id, 'alice');
      expect(outsider.status).toBe(404);
      expect(outsider.body.error.message).toBe(
        `Workspace ${workspace.id} was not found`,
      );
      await request(backend.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/stop`)
        .set('Authorization', backend.user('bob'));
      await waitForStatus(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'Stopped',
        60_000,
      );
      expect((await explanation(workspace.id)).body).toMatchObject({
        status: 'Stopped',
        title: 'Stopped',
      });
    });

    it('reports a ResourceQuota that refuses the pod as Pending, QuotaExceeded, naming the quota', async () => {
      // the backend checks a start against the namespace's quotas when it
      // can read them; where it can't (a Role without resourcequotas, as an
      // older one), admission refuses the pod later, and that is reported
      const quota = await quotaRefusingPods(kube, 'vision');
      try {
        const workspace = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: 'refused' },
        );
        const pending = await waitForStatus(
          backend.server,
          backend.user('bob'),
          workspace.id,
          'Pending',
          60_000,
        );
        expect(pending.statusReason).toBe('QuotaExceeded');
        expect(pending.statusMessage).toMatch(
          /^Pending: the namespace's quota refuses the pod: .*exceeded quota: no-more-pods/,
        );
        const response = await explanation(workspace.id);
        expect(response.body).toMatchObject({
          reason: 'QuotaExceeded',
          title: "The project's quota refuses the workspace",
          details: { quota: 'no-more-pods' },
        });
      } finally {
        // (the Role stays without resourcequotas: this control plane is the test's own)
        await quota.remove();
      }
    });
  },
);
