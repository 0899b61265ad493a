import { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { LifecycleStore } from '../database/LifecycleStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { TestClock } from '../__testUtils__/testServices';
import {
  createWorkspace,
  waitForStatus as waitFor,
} from '../__testUtils__/workspaceRequests';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { WorkspaceTransitions } from '../workspaces/WorkspaceTransitions';
import { LifecycleNotifier } from './LifecycleNotifier';
import { LifecyclePolicyEngine } from './LifecyclePolicyEngine';
import { readLifecyclePolicy } from './readLifecyclePolicy';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

const lifecycle = {
  intervalSeconds: 1,
  warningMinutes: 15,
  defaults: { idleMinutes: 60, minimumRuntimeMinutes: 10 },
};

describe.each(databases.eachSupportedId())(
  'two policy runners at once on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const clock = new TestClock();
    const notifications: NotificationSendOptions[] = [];
    const audit: string[] = [];
    let runners: LifecyclePolicyEngine[];

    const api = (path: string) => `/api/workspaces/workspaces/${path}`;
    const get = async (id: string) =>
      (
        await request(backend.server)
          .get(api(id))
          .set('Authorization', backend.user('bob'))
      ).body;
    const waitForStatus = (id: string, status: string) =>
      waitFor(backend.server, backend.user('bob'), id, status);
    const runBoth = async () => {
      const [a, b] = await Promise.all(runners.map(runner => runner.run()));
      return {
        warned: [...a.warned, ...b.warned],
        stopped: [...a.stopped, ...b.stopped],
        started: [...a.started, ...b.started],
      };
    };

    beforeAll(async () => {
      const token = await prepareTestCluster(kube, ['vision']);
      const workspacesConfig = runtimeTestConfig(kube, token, {
        // the backend's own engine is off: the test's two runners act
        lifecycle: { ...lifecycle, enabled: false },
      });
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        clock,
        config: workspacesConfig,
      });
      const config = new ConfigReader({
        workspaces: { ...workspacesConfig.workspaces, lifecycle },
      });
      const knex = await backend.workspacesDatabase();
      const store = new WorkspaceStore(knex);
      const { admins: _admins, ...blocks } = readBuildingBlocksConfig(config);
      const buildingBlocks = await BuildingBlockCatalog.create({
        config: blocks,
        providers: [],
      });
      const auditor: AuditorService = {
        async createEvent({ eventId }) {
          return {
            async success() {
              audit.push(eventId);
            },
            async fail() {
              audit.push(`${eventId}:fail`);
            },
          };
        },
      };
      const policy = readLifecyclePolicy(config);
      // two replicas' engines on one database, each with its transitions
      runners = [0, 1].map(
        () =>
          new LifecyclePolicyEngine({
            config: policy,
            lifecycleStore: new LifecycleStore(knex),
            store,
            transitions: new WorkspaceTransitions({
              store,
              now: () => clock.now(),
            }),
            buildingBlocks,
            activitySources: [],
            notifier: new LifecycleNotifier({
              notifications: {
                async send(notification) {
                  notifications.push(notification);
                },
              },
              logger: mockServices.logger.mock(),
            }),
            auditor,
            logger: mockServices.logger.mock(),
            now: () => clock.now(),
          }),
      );
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('warn once, stop once, and start by a schedule once', async () => {
      const workspace = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: `twice-${databaseId.toLowerCase().replace('_', '')}` },
      );
      await waitForStatus(workspace.id, 'Running');

      clock.advance(46);
      expect((await runBoth()).warned).toEqual([workspace.id]);
      expect(notifications).toHaveLength(1);
      expect((await runBoth()).warned).toEqual([]);

      clock.advance(15);
      const second = await runBoth();
      expect(second.stopped).toEqual([workspace.id]);
      expect(notifications).toHaveLength(2);
      expect(audit.filter(id => id === 'workspace-auto-stop')).toHaveLength(1);
      const events = (
        await request(backend.server)
          .get(api(`${workspace.id}/events`))
          .set('Authorization', backend.user('bob'))
      ).body.items;
      expect(
        events.filter((e: any) => e.reason === 'AutoStopIdle'),
      ).toHaveLength(1);
      expect((await runBoth()).stopped).toEqual([]);
      // the backend's runtime stops the pod
      await waitForStatus(workspace.id, 'Stopped');

      const startAt = new Date(
        Math.ceil(clock.now().getTime() / 60_000) * 60_000 + 5 * 60_000,
      );
      const hhmm = (date: Date) => date.toISOString().slice(11, 16);
      const current = await get(workspace.id);
      const everyDay = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      const patched = await request(backend.server)
        .patch(api(workspace.id))
        .set('Authorization', backend.user('bob'))
        .send({
          revision: current.revision,
          schedule: {
            timeZone: 'UTC',
            start: { time: hhmm(startAt), days: everyDay },
            stop: {
              time: hhmm(new Date(startAt.getTime() + 60 * 60_000)),
              days: everyDay,
            },
          },
        });
      expect(patched.status).toBe(200);
      expect(patched.body.pendingRestart).toBe(false);

      clock.advance((startAt.getTime() - clock.now().getTime()) / 60_000 + 1);
      expect((await runBoth()).started).toEqual([workspace.id]);
      expect((await runBoth()).started).toEqual([]);
      const runs = (
        await request(backend.server)
          .get(api(`${workspace.id}/runs`))
          .set('Authorization', backend.user('bob'))
      ).body.items;
      expect(runs).toHaveLength(2);
      expect(runs[1].endReason).toBe('Stopped: idle for 60 min');
      expect(audit.filter(id => id === 'workspace-scheduled-start')).toEqual([
        'workspace-scheduled-start',
      ]);
      await waitForStatus(workspace.id, 'Running');
      await request(backend.server)
        .delete(api(workspace.id))
        .set('Authorization', backend.user('bob'));
    });
  },
);
