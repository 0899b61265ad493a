import { getKubeLocal } from '@internal/kube-local';
import { TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import { BROKEN_IMAGE, REAL_JUPYTERLAB } from '../__testUtils__/realTools';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { TestClock } from '../__testUtils__/testServices';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

const BOB = 'user:default/bob';

/*
 * The notices to a workspace's creator about its runs, from a backend whose
 * runtime drives kube-local: a run that fails (an image kube-local fails to
 * pull), a start that took long on the plugin's clock (a real JupyterLab,
 * with the clock moved on while it starts) and one that did not. The
 * threshold is the default, 120 seconds.
 */
describe.each(databases.eachSupportedId())(
  'notices to the creator of a workspace about its runs (%s)',
  databaseId => {
    const clock = new TestClock();
    // names of their own on the shared cluster
    const named = (name: string) =>
      `${name}-${databaseId === 'SQLITE_3' ? 'sqlite' : 'pg'}`;
    // a second replica shares the database (SQLite in memory can't be shared)
    const shared = new Map<string, ReturnType<TestDatabases['init']>>();
    let token: string;
    let backend: WorkspacesTestBackend;

    const start = () =>
      startWorkspacesTestBackend({
        databases,
        databaseId,
        clock,
        sharedDatabases: databaseId === 'SQLITE_3' ? undefined : shared,
        config: runtimeTestConfig(kube, token, {
          environments: [
            ...buildingBlocksConfig.environments,
            REAL_JUPYTERLAB,
            BROKEN_IMAGE,
          ],
        }),
      });

    /** The run notices sent about one workspace, by one backend. */
    const runNotices = (
      sender: WorkspacesTestBackend,
      workspaceId: string,
    ): NotificationSendOptions[] =>
      sender.notifications.filter(
        n =>
          n.payload.topic === 'workspaces-runs' &&
          n.payload.link === `/workspaces/${workspaceId}`,
      );

    /** The backend recorded `status` (its change signal goes out with the notice). */
    const statusSignalled = (workspaceId: string, status: string) =>
      waitUntil(
        `the ${status} signal of workspace ${workspaceId}`,
        async () => {
          const done = backend.signals.some(
            s =>
              (s.message as any).workspaceId === workspaceId &&
              (s.message as any).status === status,
          );
          return { done, value: done };
        },
        30_000,
      );

    beforeAll(async () => {
      token = await prepareTestCluster(kube, ['vision']);
      backend = await start();
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('tells the creator once that a run failed, with the reason and a link to its page', async () => {
      const bob = backend.user('bob');
      const { id } = await createWorkspace(backend.server, bob, {
        name: named('notice-broken'),
        environment: BROKEN_IMAGE.id,
      });
      const failed = await waitForStatus(
        backend.server,
        bob,
        id,
        'Failed',
        120_000,
      );
      expect(failed.statusReason).toBe('ImagePullBackOff');
      await statusSignalled(id, 'Failed');
      // the sweep passes over the workspace every second: a few more
      await new Promise(resolve => setTimeout(resolve, 4_000));

      const notices = runNotices(backend, id);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toEqual({
        recipients: { type: 'entity', entityRef: BOB },
        payload: {
          title: `Workspace ${named('notice-broken')} failed`,
          description: `ImagePullBackOff: ${failed.statusMessage}. Its volumes and configuration are kept; open its page for the details, and start it again there.`,
          severity: 'high',
          link: `/workspaces/${id}`,
          topic: 'workspaces-runs',
          scope: expect.stringMatching(new RegExp(`^workspace:${id}:run:.+`)),
        },
      });
      expect(failed.statusMessage).toContain('fail-pull-notebook');
    });

    it('tells the creator that a slow start is running, with how long it took', async () => {
      const bob = backend.user('bob');
      const { id } = await createWorkspace(backend.server, bob, {
        name: named('notice-slow'),
        environment: REAL_JUPYTERLAB.id,
      });
      // the run started at creation; on the plugin's clock 5 minutes pass
      // while the real JupyterLab starts (seconds, and more than the 1 s
      // from here to its pod's readiness)
      clock.advance(5);
      await waitForStatus(backend.server, bob, id, 'Running', 120_000);
      await statusSignalled(id, 'Running');
      // Running is observed again at each pass: still told once
      await new Promise(resolve => setTimeout(resolve, 3_000));

      expect(runNotices(backend, id)).toEqual([
        {
          recipients: { type: 'entity', entityRef: BOB },
          payload: {
            title: `Workspace ${named(
              'notice-slow',
            )} is running (start took 5 min)`,
            description: 'Its tools are ready now.',
            severity: 'normal',
            link: `/workspaces/${id}`,
            topic: 'workspaces-runs',
            scope: expect.stringMatching(new RegExp(`^workspace:${id}:run:`)),
          },
        },
      ]);
    });

    it('tells nothing of a start under the threshold (negative control of the slow start)', async () => {
      const bob = backend.user('bob');
      const { id } = await createWorkspace(backend.server, bob, {
        name: named('notice-fast'),
      });
      await waitForStatus(backend.server, bob, id, 'Running', 120_000);
      // the notice would go out with the change signal of Running
      await statusSignalled(id, 'Running');
      expect(runNotices(backend, id)).toEqual([]);
    });

    // a restarted backend, or another replica, starts with nothing in memory:
    // what it tells follows from the statuses on record only (SQLite in
    // memory does not outlive its backend)
    if (databaseId !== 'SQLITE_3') {
      it('tells nothing again after a restart', async () => {
        await backend.stop();
        const since = new Date();
        backend = await start();
        // every workspace passed over by the restarted backend's sweep
        await waitUntil(
          'a sweep of the restarted backend',
          async () => {
            const task = await backend
              .workspacesDatabase()
              .then(knex =>
                knex('backstage_backend_tasks__tasks')
                  .where({ id: 'workspaces-sweep' })
                  .first(),
              );
            const done =
              !!task?.last_run_ended_at &&
              new Date(task.last_run_ended_at) > since;
            return { done, value: task };
          },
          60_000,
        );
        expect(backend.notifications).toEqual([]);
      });
    }
  },
);
