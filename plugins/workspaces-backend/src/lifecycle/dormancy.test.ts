import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import {
  DAY_MINUTES,
  DAY_MS,
  dormancyTimeline,
} from '../__testUtils__/dormancyTimeline';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { toDate } from '../database/rows';
import {
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { TestClock } from '../__testUtils__/testServices';
import { waitForStatus } from '../__testUtils__/workspaceRequests';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

/** A backend on the local cluster with this dormancy, run every second. */
async function startDormancyBackend(
  databaseId: TestDatabaseId,
  clock: TestClock,
  dormancy: Record<string, unknown>,
) {
  const token = await prepareTestCluster(kube, ['vision', 'ml-fraud']);
  return startWorkspacesTestBackend({
    databases,
    databaseId,
    clock,
    config: runtimeTestConfig(kube, token, {
      kubernetes: { sweepIntervalSeconds: 1 },
      lifecycle: { enabled: false },
      dormancy: { ...dormancy, intervalSeconds: 1 },
    }),
  });
}

describe.each(databases.eachSupportedId())('dormancy on %s', databaseId => {
  let backend: WorkspacesTestBackend;
  const clock = new TestClock();
  const suffix = databaseId.toLowerCase().replace('_', '');
  const {
    api,
    as,
    get,
    waitFor,
    claimsOf,
    stoppedWorkspace,
    auditOf,
    notificationsOf,
    ...timeline
  } = dormancyTimeline({ backend: () => backend, kube, clock, suffix });
  let sentinel: string;
  const passes = () => timeline.passes(sentinel);

  beforeAll(async () => {
    backend = await startDormancyBackend(databaseId, clock, {
      warnAfterDays: 30,
      deleteAfterDays: 7,
      delete: 'volumes',
      projects: ['system:default/vision'],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('warns at N days stopped, deletes the volumes M days after the warning and not before, never without a warning, and a keep-alive restarts the clock', async () => {
    const dormant = await stoppedWorkspace('dormant');
    const kept = await stoppedWorkspace('kept');
    const unwarned = await stoppedWorkspace('unwarned');
    const elsewhere = await stoppedWorkspace(
      'elsewhere',
      'alice',
      'system:default/fraud',
    );
    sentinel = (await stoppedWorkspace('sentinel')).id;
    const stoppedAt = new Date(dormant.dormancy.stoppedSince).getTime();
    expect(dormant.storage).toEqual({
      bytes: 20 * 2 ** 30,
      volumes: [{ dataSource: 'home', size: '20Gi', retained: false }],
    });

    // day 20: the owner keeps one alive
    clock.advance(20 * DAY_MINUTES);
    const keptAlive = await request(backend.server)
      .post(api(`${kept.id}/keep-alive`))
      .set('Authorization', as('bob'))
      .expect(200);
    expect(keptAlive.body.dormancy.stoppedSince).toBe(
      keptAlive.body.dormancy.keptAliveAt,
    );
    expect(auditOf('workspace-keep-alive', kept.id)).toEqual([
      expect.objectContaining({ outcome: 'success' }),
    ]);

    // day 29.9: nothing yet
    clock.advance(9.9 * DAY_MINUTES);
    await passes();
    for (const id of [dormant.id, kept.id, unwarned.id]) {
      expect((await get(id)).dormancy.warnedAt).toBeUndefined();
    }

    // day 30.1: warned, the deletion named a full M days ahead
    clock.advance(0.2 * DAY_MINUTES);
    await passes();
    const warned = await get(dormant.id);
    const warnedAt = new Date(warned.dormancy.warnedAt).getTime();
    expect(warnedAt).toBeGreaterThanOrEqual(stoppedAt + 30 * DAY_MS);
    expect(new Date(warned.dormancy.deleteAt).getTime()).toBe(
      warnedAt + 7 * DAY_MS,
    );
    expect(warned.dormancy.deletion).toBe('volumes');
    expect((await get(kept.id)).dormancy.warnedAt).toBeUndefined();
    expect(notificationsOf(dormant.id)).toEqual([
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'user:default/bob' },
        payload: expect.objectContaining({
          title: expect.stringContaining(
            `Workspace ${dormant.name} is dormant: its volumes will be deleted`,
          ),
          severity: 'high',
        }),
      }),
    ]);
    expect(auditOf('workspace-dormancy-warning', dormant.id)).toHaveLength(1);
    // admins find it with the filter, with the storage it holds
    const listed = await request(backend.server)
      .get('/api/workspaces/workspaces?dormant=true')
      .set('Authorization', as('carol'))
      .expect(200);
    expect(listed.body.items.map((w: any) => w.id)).toEqual(
      expect.arrayContaining([dormant.id, unwarned.id]),
    );
    expect(listed.body.items.map((w: any) => w.id)).not.toContain(kept.id);
    // the filter stays within what the caller may read
    const others = await request(backend.server)
      .get('/api/workspaces/workspaces?dormant=true')
      .set('Authorization', as('alice'))
      .expect(200);
    expect(others.body.items.map((w: any) => w.id)).not.toContain(dormant.id);
    expect(
      listed.body.items.find((w: any) => w.id === dormant.id).storage.bytes,
    ).toBe(20 * 2 ** 30);

    // day 37.0 minus a little: still nothing deleted
    clock.advance(6.8 * DAY_MINUTES);
    await passes();
    expect((await get(dormant.id)).dormancy.volumesDeletedAt).toBeUndefined();
    expect(await claimsOf('vision', dormant.id)).toHaveLength(1);

    // the negative control: its warning removed by hand, as if never sent
    const knex = await backend.workspacesDatabase();
    const removedAt = clock.now().getTime();
    await knex('workspaces')
      .where({ id: unwarned.id })
      .update({ dormancy_warned_at: null, dormancy_delete_at: null });

    // day 37.2: the warned one's volumes are deleted; the other is only warned again
    clock.advance(0.3 * DAY_MINUTES);
    await passes();
    const deleted = await waitFor(
      dormant.id,
      w => Boolean(w.dormancy?.volumesDeletedAt),
      'with its volumes deleted',
    );
    expect(
      new Date(deleted.dormancy.volumesDeletedAt).getTime(),
    ).toBeGreaterThanOrEqual(warnedAt + 7 * DAY_MS);
    expect(deleted).toMatchObject({
      desiredState: 'Stopped',
      status: 'Stopped',
      statusReason: 'DormancyVolumesDeleted',
      statusMessage: expect.stringMatching(
        /^Volumes deleted \(dormant\): stopped for 37 days .*a start creates new empty volumes$/,
      ),
      storage: { bytes: 0, volumes: [] },
    });
    expect(deleted.dormancy.warnedAt).toBeUndefined();
    for (let i = 0; (await claimsOf('vision', dormant.id)).length > 0; i++) {
      if (i > 240) throw new Error('the volume claim was not deleted');
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    expect(auditOf('workspace-dormancy-delete', dormant.id)).toEqual([
      expect.objectContaining({
        outcome: 'success',
        meta: expect.objectContaining({ deletion: 'volumes' }),
      }),
    ]);
    expect(notificationsOf(dormant.id)[1].payload.title).toBe(
      `Workspace ${dormant.name}: its volumes were deleted (dormant)`,
    );

    const rewarned = await get(unwarned.id);
    expect(rewarned.dormancy.volumesDeletedAt).toBeUndefined();
    expect(
      new Date(rewarned.dormancy.warnedAt).getTime(),
    ).toBeGreaterThanOrEqual(removedAt);
    expect(
      new Date(rewarned.dormancy.deleteAt).getTime(),
    ).toBeGreaterThanOrEqual(removedAt + 7 * DAY_MS);
    expect(await claimsOf('vision', unwarned.id)).toHaveLength(1);
    // kept alive at day 20: not yet warned; the other project never is
    expect((await get(kept.id)).dormancy.warnedAt).toBeUndefined();
    expect(await claimsOf('vision', kept.id)).toHaveLength(1);
    expect((await get(elsewhere.id, 'alice')).dormancy.warnedAt).toBe(
      undefined,
    );

    // day 50.2: the kept one is warned a full N days after its keep-alive
    clock.advance(13 * DAY_MINUTES);
    await passes();
    expect((await get(kept.id)).dormancy.warnedAt).toBeDefined();
    expect((await get(elsewhere.id, 'alice')).dormancy.warnedAt).toBe(
      undefined,
    );
    expect(await claimsOf('ml-fraud', elsewhere.id)).toHaveLength(1);

    // a start brings a new, empty volume and ends the dormancy
    await request(backend.server)
      .post(api(`${dormant.id}/start`))
      .set('Authorization', as('bob'))
      .expect(202);
    const restarted = await waitForStatus(
      backend.server,
      as('bob'),
      dormant.id,
      'Running',
    );
    expect(restarted.dormancy).toBeUndefined();
    expect(restarted.storage.bytes).toBe(20 * 2 ** 30);
    expect(await claimsOf('vision', dormant.id)).toHaveLength(1);
  });

  it('refuses a dormant filter that is not true or false, naming the field', async () => {
    const response = await request(backend.server)
      .get('/api/workspaces/workspaces?dormant=yes')
      .set('Authorization', as('carol'));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(
      /dormant: 'yes' must be true or false/,
    );
  });
});

describe.each(databases.eachSupportedId())(
  'dormancy deleting whole workspaces on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const clock = new TestClock();
    const suffix = `w${databaseId.toLowerCase().replace('_', '')}`;
    const { api, as, get, claimsOf, stoppedWorkspace, auditOf, ...timeline } =
      dormancyTimeline({ backend: () => backend, kube, clock, suffix });
    let sentinel: string;
    const passes = () => timeline.passes(sentinel);

    beforeAll(async () => {
      backend = await startDormancyBackend(databaseId, clock, {
        warnAfterDays: 10,
        deleteAfterDays: 5,
        delete: 'workspace',
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('deletes a warned workspace with its objects, as a delete does, no sooner than M days after the warning', async () => {
      const dormant = await stoppedWorkspace('gone');
      sentinel = (await stoppedWorkspace('sentinel')).id;

      clock.advance(10.1 * DAY_MINUTES);
      await passes();
      const warned = await get(dormant.id);
      expect(warned.dormancy).toMatchObject({ deletion: 'workspace' });
      const warnedAt = new Date(warned.dormancy.warnedAt).getTime();

      clock.advance(4.8 * DAY_MINUTES);
      await passes();
      expect((await get(dormant.id)).desiredState).toBe('Stopped');

      clock.advance(0.3 * DAY_MINUTES);
      await passes();
      for (let i = 0; ; i++) {
        const response = await request(backend.server)
          .get(api(dormant.id))
          .set('Authorization', as('bob'));
        if (response.status === 404) break;
        if (i > 240) {
          throw new Error(`not deleted: ${JSON.stringify(response.body)}`);
        }
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      for (let i = 0; (await claimsOf('vision', dormant.id)).length > 0; i++) {
        if (i > 240) throw new Error('the volume claim was not deleted');
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      const events = await (
        await backend.workspacesDatabase()
      )('workspace_status_events')
        .where({ workspace_id: dormant.id, reason: 'DormancyDeleted' })
        .select('time', 'message');
      expect(events).toHaveLength(1);
      expect(toDate(events[0].time).getTime()).toBeGreaterThanOrEqual(
        warnedAt + 5 * DAY_MS,
      );
      expect(events[0].message).toMatch(
        /^Deleted \(dormant\): stopped for 15 days/,
      );
      expect(auditOf('workspace-dormancy-delete', dormant.id)).toEqual([
        expect.objectContaining({
          outcome: 'success',
          meta: expect.objectContaining({ deletion: 'workspace' }),
        }),
      ]);
    });
  },
);
