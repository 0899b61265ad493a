import request from 'supertest';
import { adminClients } from './kubernetesTestCluster';
import { WorkspacesTestBackend } from './startWorkspacesTestBackend';
import { TestClock } from './testServices';
import { createWorkspace, waitForStatus } from './workspaceRequests';

export const DAY_MINUTES = 24 * 60;
export const DAY_MS = DAY_MINUTES * 60_000;

type User = 'bob' | 'alice' | 'carol';

/**
 * What a dormancy timeline test does with its backend: reads workspaces,
 * makes stopped ones, and waits for whole dormancy passes after the clock
 * moved.
 */
export function dormancyTimeline(options: {
  backend: () => WorkspacesTestBackend;
  kube: Parameters<typeof adminClients>[0];
  clock: TestClock;
  /** Makes names unique per database. */
  suffix: string;
}) {
  const { kube, clock, suffix } = options;
  const api = (path: string) => `/api/workspaces/workspaces/${path}`;
  const as = (user: User) => options.backend().user(user);
  const server = () => options.backend().server;

  const get = async (id: string, user: User = 'bob') =>
    (await request(server()).get(api(id)).set('Authorization', as(user))).body;

  async function waitFor(
    id: string,
    check: (workspace: any) => boolean,
    what: string,
    user: User = 'bob',
  ) {
    const deadline = Date.now() + 60_000;
    let last: any;
    while (Date.now() < deadline) {
      last = await get(id, user);
      if (check(last)) return last;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(`workspace not ${what}: ${JSON.stringify(last)}`);
  }

  const claimsOf = async (namespace: string, id: string) =>
    (
      await adminClients(kube).core.listNamespacedPersistentVolumeClaim({
        namespace,
        labelSelector: `workspaces.backstage.io/workspace-id=${id}`,
      })
    ).items.filter(claim => !claim.metadata?.deletionTimestamp);

  /** A running workspace, stopped; its volume claim exists. */
  async function stoppedWorkspace(
    name: string,
    user: User = 'bob',
    project = 'system:default/vision',
  ) {
    const created = await createWorkspace(server(), as(user), {
      project,
      name: `${name}-${suffix}`,
    });
    await waitForStatus(server(), as(user), created.id, 'Running');
    await request(server())
      .post(api(`${created.id}/stop`))
      .set('Authorization', as(user))
      .expect(202);
    return waitForStatus(server(), as(user), created.id, 'Stopped');
  }

  /**
   * Waits for whole dormancy passes after the clock moved: the sentinel (a
   * stopped workspace of a project dormancy applies to), its clock set back
   * by hand, is warned by each pass; its third warning means that a pass
   * ran from start to end after the call (the scheduler never runs two
   * passes of the task at once).
   */
  async function passes(sentinel: string) {
    const knex = await options.backend().workspacesDatabase();
    for (let i = 0; i < 3; i++) {
      const since = new Date(clock.now().getTime() - 1_000 * DAY_MS);
      await knex('workspaces').where({ id: sentinel }).update({
        stopped_at: since,
        dormancy_warned_at: null,
        dormancy_delete_at: null,
      });
      await waitFor(
        sentinel,
        w => Boolean(w.dormancy?.warnedAt),
        'warned (sentinel)',
      );
    }
  }

  const auditOf = (eventId: string, id: string) =>
    options
      .backend()
      .audit.filter(e => e.eventId === eventId && e.meta?.workspaceId === id);
  const notificationsOf = (id: string) =>
    options.backend().notifications.filter(n => n.payload.link?.endsWith(id));

  return {
    api,
    as,
    get,
    waitFor,
    claimsOf,
    stoppedWorkspace,
    passes,
    auditOf,
    notificationsOf,
  };
}
