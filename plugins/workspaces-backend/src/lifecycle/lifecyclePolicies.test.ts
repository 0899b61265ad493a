import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
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
import { startTestJupyter } from '../__testUtils__/startTestJupyter';
import { startTestTool } from '../__testUtils__/startTestTool';
import { TestClock } from '../__testUtils__/testServices';
import { openToolSession } from '../__testUtils__/toolSession';
import { createWorkspace } from '../__testUtils__/workspaceRequests';

jest.setTimeout(240_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

type Jupyter = Awaited<ReturnType<typeof startTestJupyter>>;
type Tool = Awaited<ReturnType<typeof startTestTool>>;

const labEnvironment = (id: string, port: number, type = 'jupyterlab') => ({
  id,
  title: id,
  image: 'registry.example.com/test/lab:1.0',
  runAsUser: 1000,
  tools: [{ id: 'lab', type, title: 'Lab', port }],
});

describe.each(databases.eachSupportedId())(
  'lifecycle policies on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const clock = new TestClock();
    let idleLab: Jupyter;
    let busyLab: Jupyter;
    let app: Tool;
    const suffix = databaseId.toLowerCase().replace('_', '');
    let names = 0;
    const name = (what: string) => `${what}-${suffix}-${++names}`;

    const api = (path: string) => `/api/workspaces/workspaces/${path}`;
    const get = async (id: string) =>
      (
        await request(backend.server)
          .get(api(id))
          .set('Authorization', backend.user('bob'))
      ).body;
    const runs = async (id: string) =>
      (
        await request(backend.server)
          .get(api(`${id}/runs`))
          .set('Authorization', backend.user('bob'))
      ).body.items;

    /** Polls until the workspace is as expected; the engine runs every second. */
    async function waitFor(
      id: string,
      check: (workspace: any) => boolean,
      what: string,
    ) {
      const deadline = Date.now() + 60_000;
      let last: any;
      while (Date.now() < deadline) {
        last = await get(id);
        if (check(last)) return last;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      throw new Error(`workspace not ${what}: ${JSON.stringify(last)}`);
    }
    const running = (id: string) =>
      waitFor(id, w => w.status === 'Running', 'Running');
    const stopped = (id: string) =>
      waitFor(
        id,
        w => w.desiredState === 'Stopped' && w.status === 'Stopped',
        'Stopped',
      );
    const warned = (id: string) =>
      waitFor(id, w => Boolean(w.autoStop), 'warned');

    const notificationsOf = (id: string) =>
      backend.notifications.filter(n => n.payload.link?.endsWith(id));

    async function remove(...ids: string[]) {
      for (const id of ids) {
        await request(backend.server)
          .delete(api(id))
          .set('Authorization', backend.user('bob'));
      }
    }

    beforeAll(async () => {
      idleLab = await startTestJupyter({
        lastActivity: clock.now(),
        busyKernel: false,
      });
      busyLab = await startTestJupyter({
        lastActivity: clock.now(),
        busyKernel: true,
      });
      app = await startTestTool();
      const token = await prepareTestCluster(kube, ['vision', 'ml-fraud']);
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        clock,
        config: runtimeTestConfig(kube, token, {
          kubernetes: {
            sweepIntervalSeconds: 1,
            podAnnotations: { 'kube-local.sim/pod-ip': '127.0.0.1' },
          },
          connect: {
            idleTimeoutMinutes: 100_000,
            maxSessionMinutes: 1_000_000,
            activityIntervalSeconds: 1,
          },
          environments: [
            ...buildingBlocksConfig.environments,
            labEnvironment('idle-lab', idleLab.port),
            labEnvironment('busy-lab', busyLab.port),
            labEnvironment('code', app.port, 'vscode'),
          ],
          computePresets: [
            ...buildingBlocksConfig.computePresets,
            {
              id: 'lab-cpu',
              title: 'Lab CPU',
              cpu: { request: '100m' },
              memory: { request: '128Mi' },
            },
            {
              id: 'gpu-small',
              title: 'Small GPU',
              cpu: { request: '100m' },
              memory: { request: '128Mi' },
              gpu: { count: 1 },
            },
          ],
          lifecycle: {
            intervalSeconds: 1,
            warningMinutes: 15,
            keepAlive: { extensionMinutes: 60, maxPerRun: 1 },
            defaults: { idleMinutes: 480, minimumRuntimeMinutes: 10 },
            computePresets: {
              'lab-cpu': { idleMinutes: 60, maxRuntimeHours: 12 },
            },
          },
        }),
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await idleLab?.close();
      await busyLab?.close();
      await app?.close();
    });

    it('warns about an idle JupyterLab workspace, then stops it with the reason, keeping its volumes', async () => {
      idleLab.state.lastActivity = clock.now();
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: name('idle'),
          environment: 'idle-lab',
          compute: { preset: 'lab-cpu' },
        },
      );
      await running(workspace.id);

      clock.advance(46);
      const warning = await warned(workspace.id);
      expect(warning.autoStop).toMatchObject({
        reason: 'Idle',
        message: 'idle for 60 min',
        keepAlive: { extensionMinutes: 60, remaining: 1 },
      });
      expect(warning.desiredState).toBe('Running');
      // the tool's own activity was read through the cluster
      expect(idleLab.paths.some(p => p.endsWith('/api/status'))).toBe(true);
      expect(
        idleLab.paths.some(p => p.includes('/api/kernels?no_track_activity=1')),
      ).toBe(true);
      expect(notificationsOf(workspace.id)).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: 'user:default/bob' },
          payload: expect.objectContaining({
            title: `Workspace ${workspace.name} stops in 15 min`,
            severity: 'high',
          }),
        }),
      ]);

      clock.advance(15);
      const done = await stopped(workspace.id);
      expect(done.statusMessage).toBe(
        'Stopped: idle for 60 min; configuration and volumes are kept',
      );
      expect(done.autoStop).toBeUndefined();
      expect((await runs(workspace.id))[0].endReason).toBe(
        'Stopped: idle for 60 min',
      );
      expect(notificationsOf(workspace.id)[1].payload).toMatchObject({
        title: `Workspace ${workspace.name} was stopped`,
        description: expect.stringContaining('Stopped: idle for 60 min.'),
      });
      expect(
        backend.audit.filter(
          e =>
            e.eventId === 'workspace-auto-stop' &&
            e.meta?.workspaceId === workspace.id,
        ),
      ).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({ reason: 'Idle' }),
        }),
      ]);
      const claims = await adminClients(
        kube,
      ).core.listNamespacedPersistentVolumeClaim({
        namespace: 'vision',
        labelSelector: `workspaces.backstage.io/workspace-id=${workspace.id}`,
      });
      expect(claims.items).toHaveLength(1);
      await remove(workspace.id);
    });

    it('does not stop a workspace whose tool is used through the proxy', async () => {
      const used = await createWorkspace(backend.server, backend.user('bob'), {
        name: name('used'),
        environment: 'code',
        compute: { preset: 'lab-cpu' },
      });
      const unused = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: name('unused'),
          environment: 'code',
          compute: { preset: 'lab-cpu' },
        },
      );
      await running(used.id);
      await running(unused.id);
      const session = await openToolSession(
        backend.server,
        backend.user('bob'),
        used.id,
        'lab',
      );
      const work = async () => {
        const response = await session.fetch('notebook');
        expect(response.status).toBe(200);
      };

      clock.advance(30);
      await work();
      clock.advance(30);
      await work();
      await warned(unused.id);
      clock.advance(30);
      // the unused one stops: the engine ran with the clock at 90 min
      await stopped(unused.id);

      const kept = await get(used.id);
      expect(kept).toMatchObject({
        desiredState: 'Running',
        status: 'Running',
      });
      expect(kept.autoStop).toBeUndefined();
      expect(new Date(kept.lastActivityAt).getTime()).toBeGreaterThan(
        clock.now().getTime() - 31 * 60_000,
      );
      expect(notificationsOf(used.id)).toEqual([]);
      await remove(used.id, unused.id);
    });

    it('postpones the stop by a keep-alive, audited and bounded', async () => {
      const kept = await createWorkspace(backend.server, backend.user('bob'), {
        name: name('kept'),
        environment: 'code',
        compute: { preset: 'lab-cpu' },
      });
      const other = await createWorkspace(backend.server, backend.user('bob'), {
        name: name('other'),
        environment: 'code',
        compute: { preset: 'lab-cpu' },
      });
      await running(kept.id);
      await running(other.id);

      clock.advance(46);
      await warned(kept.id);
      await warned(other.id);
      const keepAlive = () =>
        request(backend.server)
          .post(api(`${kept.id}/keep-alive`))
          .set('Authorization', backend.user('bob'));
      const before = clock.now().getTime();
      const response = await keepAlive();
      const after = clock.now().getTime();
      expect(response.status).toBe(200);
      expect(response.body.autoStop).toBeUndefined();
      const until = new Date(response.body.keepAliveUntil).getTime();
      expect(until).toBeGreaterThanOrEqual(before + 60 * 60_000);
      expect(until).toBeLessThanOrEqual(after + 60 * 60_000);
      expect(
        backend.audit.filter(
          e =>
            e.eventId === 'workspace-keep-alive' &&
            e.meta?.workspaceId === kept.id,
        ),
      ).toEqual([
        expect.objectContaining({
          outcome: 'success',
          actor: 'user:default/bob',
          meta: expect.objectContaining({ keepAliveCount: 1 }),
        }),
      ]);

      clock.advance(15);
      await stopped(other.id);
      expect(await get(kept.id)).toMatchObject({
        desiredState: 'Running',
        status: 'Running',
      });

      clock.advance(45);
      const again = await warned(kept.id);
      expect(again.autoStop.keepAlive.remaining).toBe(0);
      const refused = await keepAlive();
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /kept alive 1 times in this run, the most allowed \(workspaces.lifecycle.keepAlive.maxPerRun\)/,
      );
      expect(
        backend.audit.filter(
          e =>
            e.eventId === 'workspace-keep-alive' &&
            e.meta?.workspaceId === kept.id,
        ),
      ).toHaveLength(2);

      clock.advance(16);
      const done = await stopped(kept.id);
      expect(done.statusMessage).toBe(
        'Stopped: idle for 60 min; configuration and volumes are kept',
      );
      await remove(kept.id, other.id);
    });

    it('stops a busy workspace at its maximum runtime', async () => {
      busyLab.state.lastActivity = clock.now();
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: name('busy'),
          environment: 'busy-lab',
          compute: { preset: 'lab-cpu' },
        },
      );
      await running(workspace.id);

      clock.advance(11 * 60 + 46);
      const warning = await warned(workspace.id);
      // idle for hours, but its kernel is busy: only the runtime limit applies
      expect(warning.autoStop).toMatchObject({
        reason: 'MaxRuntime',
        message: 'reached the 12 h limit of the "Lab CPU" compute preset',
      });

      clock.advance(15);
      const done = await stopped(workspace.id);
      expect(done.statusMessage).toBe(
        'Stopped: reached the 12 h limit of the "Lab CPU" compute preset; configuration and volumes are kept',
      );
      expect((await runs(workspace.id))[0].endReason).toBe(
        'Stopped: reached the 12 h limit of the "Lab CPU" compute preset',
      );
      await remove(workspace.id);
    });

    it('starts and stops a workspace by its schedule', async () => {
      const hhmm = (date: Date) => date.toISOString().slice(11, 16);
      const base = new Date(Math.ceil(clock.now().getTime() / 60_000) * 60_000);
      const startAt = new Date(base.getTime() + 10 * 60_000);
      const stopAt = new Date(startAt.getTime() + 30 * 60_000);
      const everyDay = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        {
          name: name('scheduled'),
          environment: 'code',
          compute: { preset: 'cpu-small' },
          start: false,
          schedule: {
            timeZone: 'UTC',
            start: { time: hhmm(startAt), days: everyDay },
            stop: { time: hhmm(stopAt), days: everyDay },
          },
        },
      );
      expect(workspace.schedule.start.time).toBe(hhmm(startAt));
      const advanceTo = (time: Date) =>
        clock.advance((time.getTime() - clock.now().getTime()) / 60_000);

      advanceTo(new Date(startAt.getTime() + 60_000));
      await running(workspace.id);
      expect((await get(workspace.id)).desiredState).toBe('Running');
      expect(
        backend.audit.filter(
          e =>
            e.eventId === 'workspace-scheduled-start' &&
            e.meta?.workspaceId === workspace.id,
        ),
      ).toEqual([expect.objectContaining({ outcome: 'success' })]);

      advanceTo(new Date(stopAt.getTime() - 14 * 60_000));
      const warning = await warned(workspace.id);
      expect(warning.autoStop).toMatchObject({
        reason: 'Schedule',
        message: `scheduled stop at ${hhmm(stopAt)} (UTC)`,
      });
      // never sooner than the full warning time after the warning
      const warnedFor = new Date(warning.autoStop.at).getTime();
      expect(warnedFor).toBeGreaterThanOrEqual(stopAt.getTime());
      expect(warnedFor).toBeLessThan(stopAt.getTime() + 2 * 60_000);

      advanceTo(new Date(stopAt.getTime() + 2 * 60_000));
      const done = await stopped(workspace.id);
      expect(done.statusMessage).toBe(
        `Stopped: scheduled stop at ${hhmm(
          stopAt,
        )} (UTC); configuration and volumes are kept`,
      );
      // once: the next pass does not start it again the same day
      expect((await runs(workspace.id)).length).toBe(1);
      await remove(workspace.id);
    });

    it('refuses a start over the namespace GPU quota, naming the quota, used and hard', async () => {
      const { core } = adminClients(kube);
      const quotaName = `gpu-quota-${suffix}`;
      await core.createNamespacedResourceQuota({
        namespace: 'ml-fraud',
        body: {
          metadata: { name: quotaName },
          spec: { hard: { 'requests.nvidia.com/gpu': '1' } },
        },
      });
      try {
        const alice = backend.user('alice');
        const body = {
          project: 'system:default/fraud',
          environment: 'code',
          compute: { preset: 'gpu-small' },
          dataSources: [],
          env: [],
        };
        const first = await request(backend.server)
          .post('/api/workspaces/workspaces')
          .set('Authorization', alice)
          .send({ ...body, name: name('gpu-a') });
        expect(first.status).toBe(201);
        // the quota controller counts the first one's pod
        const deadline = Date.now() + 60_000;
        let used = '0';
        while (Date.now() < deadline && used !== '1') {
          const quota = await core.readNamespacedResourceQuota({
            namespace: 'ml-fraud',
            name: quotaName,
          });
          used = quota.status?.used?.['requests.nvidia.com/gpu'] ?? '0';
          await new Promise(resolve => setTimeout(resolve, 250));
        }
        expect(used).toBe('1');

        const second = await request(backend.server)
          .post('/api/workspaces/workspaces')
          .set('Authorization', alice)
          .send({ ...body, name: name('gpu-b'), start: false });
        expect(second.status).toBe(201);
        const start = await request(backend.server)
          .post(api(`${second.body.id}/start`))
          .set('Authorization', alice);
        expect(start.status).toBe(409);
        expect(start.body.error.message).toBe(
          `Not enough quota: ResourceQuota ${quotaName} in namespace ml-fraud: requests.nvidia.com/gpu asked 1, used 1, hard 1`,
        );
        const notStarted = await request(backend.server)
          .get(api(second.body.id))
          .set('Authorization', alice);
        expect(notStarted.body.desiredState).toBe('Stopped');
        const refusedCreate = await request(backend.server)
          .post('/api/workspaces/workspaces')
          .set('Authorization', alice)
          .send({ ...body, name: name('gpu-c') });
        expect(refusedCreate.status).toBe(409);
        expect(refusedCreate.body.error.message).toContain(
          'requests.nvidia.com/gpu asked 1, used 1, hard 1',
        );
        expect(
          backend.audit.filter(
            e =>
              e.eventId === 'workspace-start' &&
              e.meta?.workspaceId === second.body.id,
          ),
        ).toEqual([expect.objectContaining({ outcome: 'fail' })]);

        const quota = await request(backend.server)
          .get('/api/workspaces/quota')
          .query({ project: 'system:default/fraud' })
          .set('Authorization', alice);
        expect(quota.status).toBe(200);
        expect(quota.body).toEqual({
          project: 'system:default/fraud',
          namespace: 'ml-fraud',
          items: [
            {
              scope: 'namespace',
              name: `ResourceQuota ${quotaName} in namespace ml-fraud`,
              resource: 'requests.nvidia.com/gpu',
              hard: '1',
              used: '1',
              remaining: '0',
            },
          ],
        });
        for (const id of [first.body.id, second.body.id]) {
          await request(backend.server)
            .delete(api(id))
            .set('Authorization', alice);
        }
      } finally {
        await core.deleteNamespacedResourceQuota({
          namespace: 'ml-fraud',
          name: quotaName,
        });
      }
    });
  },
);
