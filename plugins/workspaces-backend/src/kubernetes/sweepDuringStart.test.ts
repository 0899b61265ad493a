import { getKubeLocal } from '@internal/kube-local';
import { Knex } from 'knex';
import request from 'supertest';
import {
  buildingBlocksConfig,
  hundredGpusPreset,
} from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { createTestRuntime } from '../__testUtils__/createTestRuntime';
import {
  adminClients,
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { RuntimeStore } from '../database/RuntimeStore';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';
import { workspacePodName } from './labels';
import { WorkspaceReconciler } from './WorkspaceReconciler';

jest.setTimeout(180_000);

/**
 * The statements that name the workspace, quotes dropped (PostgreSQL's "
 * and SQLite's `), until `stopRecording`.
 */
function recordStatements(knex: Knex, id: string) {
  const statements: string[] = [];
  const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
    if (query.bindings?.includes(id)) {
      statements.push(query.sql.replace(/[`"]/g, ''));
    }
  };
  knex.on('query', onQuery);
  return {
    statements,
    stopRecording: () => {
      knex.removeListener('query', onQuery);
    },
  };
}

const databases = createTestDatabases();
const kube = getKubeLocal();

// a preset no node can hold: its pod stays Pending, on its way, for good
const workspacesChanges = {
  computePresets: [...buildingBlocksConfig.computePresets, hundredGpusPreset],
};

/**
 * Runtimes driven by hand (no scheduler), so the test decides when each
 * sweep happens: a sweep in the middle of a burst of starts (a workspace
 * whose last full pass is younger than the sweep interval, and whose pod is
 * watched, is left to the pod's watch), the status passes and their lease,
 * and a runtime's stop.
 */
describe.each(databases.eachSupportedId())(
  'a runtime driven by hand on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const runtimes: KubernetesWorkspaceRuntime[] = [];

    const runtimeSweepingEvery = async (sweepIntervalSeconds: number) => {
      const token = await prepareTestCluster(kube, ['vision']);
      const runtime = await createTestRuntime({
        kube,
        token,
        knex: await backend.workspacesDatabase(),
        workspaces: {
          ...workspacesChanges,
          kubernetes: { sweepIntervalSeconds },
        },
      });
      runtimes.push(runtime);
      // the pod watch; its connecting sweeps once, which goes before the test
      const sweeps = jest.spyOn(KubernetesWorkspaceRuntime.prototype, 'sweep');
      await runtime.start();
      await waitUntil(
        'the sweep of the watch connecting',
        async () => {
          const own = sweeps.mock.contexts.flatMap((context, i) =>
            context === runtime ? [sweeps.mock.results[i].value] : [],
          );
          await Promise.all(own);
          return { done: own.length > 0, value: own.length };
        },
        30_000,
      );
      await runtime.idle();
      return runtime;
    };

    beforeAll(async () => {
      const token = await prepareTestCluster(kube, ['vision']);
      // the API and the database, without a runtime of its own
      const { workspaces } = runtimeTestConfig(kube, token, workspacesChanges);
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: { workspaces },
      });
    });

    // one runtime at a time: two would take turns at the lease, and a pass
    // that finds it taken comes back a second later, as a full pass
    const stopRuntimes = async () => {
      await Promise.all(runtimes.splice(0).map(runtime => runtime.stop()));
    };

    afterEach(stopRuntimes);

    /** A workspace whose pod stays Pending, started by a runtime of its own. */
    const pendingWorkspace = async (prefix: string) => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `${prefix}-${databaseId.toLowerCase().replace('_', '')}`,
        compute: { preset: 'gpu-hundred' },
      });
      const runtime = await runtimeSweepingEvery(600);
      runtime.workspaceChanged(created.id);
      // the scheduler's answer, after "Waiting for the scheduler"
      const { value: pending } = await waitUntil(
        "the scheduler's answer",
        async () => {
          const shown = await waitForStatus(
            backend.server,
            bob,
            created.id,
            'Pending',
          );
          return { done: shown.statusReason !== 'Scheduling', value: shown };
        },
        30_000,
      );
      await runtime.idle();
      const knex = await backend.workspacesDatabase();
      return { bob, created, knex, runtime, pending };
    };

    afterAll(async () => {
      jest.restoreAllMocks();
      await backend?.stop();
    });

    it('leaves a start whose full pass is younger than the sweep interval to its pod watch, and (negative control) sweeps it when the interval is shorter than its age', async () => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `sweep-start-${databaseId.toLowerCase().replace('_', '')}`,
        compute: { preset: 'gpu-hundred' },
      });
      const fullPasses = jest.spyOn(WorkspaceReconciler.prototype, 'reconcile');
      const fullPassesOf = () =>
        fullPasses.mock.calls.filter(([id]) => id === created.id).length;

      // sweeps every 10 minutes: the start's own full pass is younger
      const patient = await runtimeSweepingEvery(600);
      patient.workspaceChanged(created.id);
      await patient.idle();
      await waitForStatus(backend.server, bob, created.id, 'Pending');
      await patient.idle();
      fullPasses.mockClear();
      await patient.sweep();
      await patient.sweep();
      await patient.idle();
      expect(fullPassesOf()).toBe(0);
      await stopRuntimes();

      // the same workspace, its full pass made by a runtime that sweeps
      // every millisecond: older than that by the sweep, so swept
      const eager = await runtimeSweepingEvery(0.001);
      eager.workspaceChanged(created.id);
      await eager.idle();
      await new Promise(resolve => setTimeout(resolve, 50));
      fullPasses.mockClear();
      await eager.sweep();
      await eager.idle();
      expect(fullPassesOf()).toBe(1);
    });

    it('keeps a workspace settled through the status passes that follow its full pass (its pod coming up): the sweep after it is Running makes no full pass of it', async () => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `sweep-started-${databaseId.toLowerCase().replace('_', '')}`,
      });
      const runtime = await runtimeSweepingEvery(600);
      const statusPasses = jest.spyOn(
        WorkspaceReconciler.prototype,
        'refreshStatus',
      );
      statusPasses.mockClear();
      // the full pass creates the objects; the pod comes after it, and each
      // of its changes brings a status pass
      runtime.workspaceChanged(created.id);
      await waitForStatus(backend.server, bob, created.id, 'Running');
      await runtime.idle();
      expect(
        statusPasses.mock.calls.filter(([id]) => id === created.id).length,
      ).toBeGreaterThan(0);

      const fullPasses = jest.spyOn(WorkspaceReconciler.prototype, 'reconcile');
      fullPasses.mockClear();
      await runtime.sweep();
      await runtime.idle();
      expect(fullPasses.mock.calls.filter(([id]) => id === created.id)).toEqual(
        [],
      );
    });

    it("gives each pass's lease back once, with the pass's status write where it records one (one statement fewer), by itself where it records none; the statuses of the pod coming up after the full pass take no lease (one guarded statement each); no lease is left held after a start and a stop", async () => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `lease-back-${databaseId.toLowerCase().replace('_', '')}`,
      });
      const knex = await backend.workspacesDatabase();
      const runtime = await runtimeSweepingEvery(600);
      const { statements, stopRecording } = recordStatements(knex, created.id);
      try {
        runtime.workspaceChanged(created.id);
        await waitForStatus(backend.server, bob, created.id, 'Running');
        await runtime.idle();
        // a stop: its pod gone, the status pass under the lease records Stopped
        const stop = await request(backend.server)
          .post(`/api/workspaces/workspaces/${created.id}/stop`)
          .set('Authorization', bob);
        expect(stop.status).toBe(202);
        runtime.workspaceChanged(created.id);
        await waitForStatus(backend.server, bob, created.id, 'Stopped');
        await runtime.idle();
      } finally {
        stopRecording();
      }
      const count = (pattern: RegExp) =>
        statements.filter(sql => pattern.test(sql)).length;
      // placeholders are ? on SQLite, $1 on PostgreSQL
      const taken = count(
        /^update workspaces set lease_owner = \S+, lease_expires_at = \S+ where id = \S+ and \(lease_expires_at is null/,
      );
      const givenBackAlone = count(
        /^update workspaces set lease_owner = \S+, lease_expires_at = \S+ where id = \S+ and lease_owner = \S+$/,
      );
      const givenBackWithStatus = count(
        /update workspaces set status = .*lease_owner = case when lease_owner = /,
      );
      // guarded by the workspace as the last pass left it (setStatusIfUnchanged)
      const withoutLease = count(
        /update workspaces set status = .* where id = \S+ and revision = \S+ and status = /,
      );
      // the full pass; the status passes of the pod coming up need no lease
      expect(taken).toBeGreaterThan(0);
      expect(givenBackWithStatus).toBeGreaterThan(0);
      expect(givenBackAlone + givenBackWithStatus).toBe(taken);
      expect(withoutLease).toBeGreaterThan(0);
      const events = await knex('workspace_status_events')
        .where({ workspace_id: created.id })
        .orderBy('time');
      expect(events.map(e => e.to_status)).toEqual(
        expect.arrayContaining(['Running', 'Stopped']),
      );
      const row = await knex('workspaces').where({ id: created.id }).first();
      expect([row.lease_owner, row.lease_expires_at]).toEqual([null, null]);
    });

    it('makes no status pass of a pod change that changes no status (no statement), and (negative control) without that check makes one that takes the lease and gives it back, writing nothing', async () => {
      const { bob, created, knex, runtime, pending } = await pendingWorkspace(
        'pod-same',
      );

      const statusPasses = jest.spyOn(
        WorkspaceReconciler.prototype,
        'refreshStatus',
      );
      const { statements, stopRecording } = recordStatements(knex, created.id);
      // a change of the pod (a label) that is no change of its status
      const labelPod = async (value: string) => {
        statusPasses.mockClear();
        statements.length = 0;
        await adminClients(kube).core.patchNamespacedPod(
          {
            name: workspacePodName(created.name),
            namespace: 'vision',
            body: [
              {
                op: 'add',
                path: '/metadata/labels/test-touched',
                value,
              },
            ],
          },
          undefined,
        );
        await waitUntil(
          'the status pass of the labelled pod',
          async () => {
            const calls = statusPasses.mock.calls.filter(
              ([id]) => id === created.id,
            ).length;
            return { done: calls > 0, value: calls };
          },
          30_000,
        );
        await runtime.idle();
      };
      try {
        await labelPod('once');
        expect(statements).toEqual([]);

        const unchecked = jest
          .spyOn(WorkspaceReconciler.prototype as any, 'statusFromMemory')
          .mockResolvedValue(undefined);
        await labelPod('twice');
        unchecked.mockRestore();
        expect(statements).toEqual([
          expect.stringMatching(
            /^update workspaces set lease_owner = .* or lease_owner = /,
          ),
          expect.stringMatching(
            /^update workspaces set lease_owner = \S+, lease_expires_at = \S+ where id = \S+ and lease_owner = \S+$/,
          ),
        ]);
      } finally {
        stopRecording();
      }
      const after = await waitForStatus(
        backend.server,
        bob,
        created.id,
        'Pending',
      );
      expect(after.statusMessage).toBe(pending.statusMessage);
    });

    it('writes no status from memory that the database no longer holds: the guarded write changes nothing and the pass under the lease reads it again; (negative control) an unguarded write records the stale change', async () => {
      const { created, knex, runtime } = await pendingWorkspace('stale-memory');
      const reconciler: WorkspaceReconciler = (runtime as any).options
        .reconciler;
      const remembered = (reconciler as any).converged as Map<string, any>;
      const eventsOf = () =>
        knex('workspace_status_events').where({ workspace_id: created.id });
      const before = (await eventsOf()).length;
      // the memory says another status than the database (as after a
      // write it did not see), so the pod's status differs from it
      const forget = () => {
        const last = remembered.get(created.id);
        remembered.set(created.id, {
          ...last,
          recorded: {
            ...last.recorded,
            status: 'Creating',
            statusMessage: 'as remembered',
          },
        });
      };
      const { statements, stopRecording } = recordStatements(knex, created.id);
      try {
        forget();
        await reconciler.refreshStatus(created.id);
        // the guarded write, then the lease's pass, which writes nothing
        expect(statements[0]).toMatch(
          /update workspaces set status = .* and status = .* and status_message = /,
        );
        expect(statements.slice(1)).toEqual([
          expect.stringMatching(/^update workspaces set lease_owner = /),
          expect.stringMatching(
            /^update workspaces set lease_owner = \S+, lease_expires_at = \S+ where id = \S+ and lease_owner = \S+$/,
          ),
        ]);
        expect((await eventsOf()).length).toBe(before);

        // another replica holds the lease, and the memory is as the
        // database says: the guarded write leaves the workspace to it
        const row = async () =>
          knex('workspaces').where({ id: created.id }).first();
        const shown = await row();
        await knex('workspaces')
          .where({ id: created.id })
          .update({
            lease_owner: 'replica-b',
            lease_expires_at: new Date(Date.now() + 60_000),
            status: 'Creating',
            status_message: 'as remembered',
          });
        forget();
        await reconciler.refreshStatus(created.id);
        expect(await row()).toMatchObject({
          status: 'Creating',
          status_message: 'as remembered',
          lease_owner: 'replica-b',
        });
        expect((await eventsOf()).length).toBe(before);
        await knex('workspaces').where({ id: created.id }).update({
          lease_owner: null,
          lease_expires_at: null,
          status: shown.status,
          status_message: shown.status_message,
        });
      } finally {
        stopRecording();
      }

      // negative control: written without the guard, the status change
      // from the stale memory is recorded as an event of its own
      const setStatus = RuntimeStore.prototype.setStatus;
      const unguarded = jest
        .spyOn(RuntimeStore.prototype, 'setStatusIfUnchanged')
        .mockImplementation(async function write(this: RuntimeStore, w) {
          return setStatus.call(this, w.record, w.observed, w.now);
        });
      forget();
      await reconciler.refreshStatus(created.id);
      unguarded.mockRestore();
      expect((await eventsOf()).length).toBe(before + 1);
    });

    it('turns no workspace Unknown once stopped: the end of its own pod watch is no outage', async () => {
      const { created, knex } = await pendingWorkspace('after-stop');
      await stopRuntimes();
      // past the 3 s a cluster may be silent before its workspaces turn Unknown
      await new Promise(resolve => setTimeout(resolve, 4_500));
      const row = await knex('workspaces').where({ id: created.id }).first();
      expect(row.status).toBe('Pending');
      const unknown = await knex('workspace_status_events').where({
        workspace_id: created.id,
        to_status: 'Unknown',
      });
      expect(unknown).toEqual([]);
    });

    it('skips a workspace the sweep listed when a full pass converged it after the listing, and (negative control) passes it again without the skip', async () => {
      const bob = backend.user('bob');
      const created = await createWorkspace(backend.server, bob, {
        name: `sweep-listed-${databaseId.toLowerCase().replace('_', '')}`,
        compute: { preset: 'gpu-hundred' },
      });
      const runtime = await runtimeSweepingEvery(0.001);
      // every sweep lists it, however recent its last full pass
      const unsettled = jest
        .spyOn(WorkspaceReconciler.prototype, 'isSettled')
        .mockReturnValue(false);
      const fullPasses = jest.spyOn(WorkspaceReconciler.prototype, 'reconcile');
      const fullPassesOf = () =>
        fullPasses.mock.calls.filter(([id]) => id === created.id).length;
      // the start's own full pass comes right after the sweep's listing
      const listActive = RuntimeStore.prototype.listActive;
      const startAfterListing = () =>
        jest
          .spyOn(RuntimeStore.prototype, 'listActive')
          .mockImplementationOnce(async function listThenStart(
            this: RuntimeStore,
          ) {
            const listed = await listActive.call(this);
            runtime.workspaceChanged(created.id);
            await runtime.idle();
            return listed;
          });

      startAfterListing();
      fullPasses.mockClear();
      await runtime.sweep();
      await runtime.idle();
      expect(fullPassesOf()).toBe(1);

      // negative control: with no full pass since the mark, the sweep
      // passes it again after the start's
      const noSkip = jest
        .spyOn(WorkspaceReconciler.prototype, 'convergedSince')
        .mockReturnValue(false);
      startAfterListing();
      fullPasses.mockClear();
      await runtime.sweep();
      await runtime.idle();
      noSkip.mockRestore();
      unsettled.mockRestore();
      expect(fullPassesOf()).toBe(2);
    });
  },
);
