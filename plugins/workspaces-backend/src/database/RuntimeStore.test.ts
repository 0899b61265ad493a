import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { workspaceRow } from '../__testUtils__/workspaceRow';
import { migrateDatabase } from './migrateDatabase';
import { HeldLease, RecordedStatusChange, RuntimeStore } from './RuntimeStore';
import { WorkspaceStore } from './WorkspaceStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The statements `knex` runs from now on, without a transaction's own. */
function recordStatements(knex: Knex): string[] {
  const statements: string[] = [];
  knex.on('query', ({ sql }: { sql: string }) => {
    if (!/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql)) {
      statements.push(sql);
    }
  });
  return statements;
}

/** The statements of a status change with its event and the run's pod. */
const statusChangeStatements: Record<string, RegExp[]> = {
  POSTGRES_15: [
    /^with .*update "workspaces".*insert into "workspace_status_events".*update "workspace_runs".* select 1$/,
  ],
  SQLITE_3: [
    /^update .workspaces. /,
    /^insert into .workspace_status_events. /,
    /^update .workspace_runs. /,
  ],
};

describe.each(databases.eachSupportedId())(
  "the runtime's store on %s",
  databaseId => {
    const t0 = new Date('2026-12-01T10:00:00Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    async function setUp() {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      await knex('workspaces').insert(
        workspaceRow('ws-1', t0, {
          desired_state: 'Running',
          status: 'Creating',
        }),
      );
      await new WorkspaceStore(knex).insertRun({
        id: 'run-1',
        workspaceId: 'ws-1',
        startedAt: t0,
        resources: { cpuMillicores: 500, memoryBytes: 2 ** 30, gpus: 0 },
      });
      const changes: RecordedStatusChange[] = [];
      const store = new RuntimeStore(knex, {
        onStatusChange: (_, change) => changes.push(change),
      });
      return { knex, store, changes };
    }

    it('takes the lease and reads the workspace and its open run in one statement; another replica gets nothing until the lease expires; a deleted workspace is leased without a record', async () => {
      const { knex, store } = await setUp();
      const statements = recordStatements(knex);

      const lease = await store.acquireLease('ws-1', 'replica-a', t0, 30_000);
      expect(lease?.record).toMatchObject({
        id: 'ws-1',
        name: 'notebook',
        desiredState: 'Running',
        status: 'Creating',
      });
      expect(lease?.openRun).toEqual({ id: 'run-1', startedAt: t0 });
      expect(statements).toHaveLength(1);

      expect(
        await store.acquireLease('ws-1', 'replica-b', at(10), 30_000),
      ).toBeUndefined();
      // the holder renews it
      expect(
        await store.acquireLease('ws-1', 'replica-a', at(20), 30_000),
      ).toBeDefined();
      expect(
        await store.acquireLease('ws-1', 'replica-b', at(40), 30_000),
      ).toBeUndefined();
      // expired: the other replica takes it
      const taken = await store.acquireLease(
        'ws-1',
        'replica-b',
        at(51),
        30_000,
      );
      expect(taken?.record?.id).toBe('ws-1');
      await store.releaseLease('ws-1', 'replica-b');

      // an ended run is no open run; the open one comes with its pod
      await knex('workspace_runs')
        .where({ id: 'run-1' })
        .update({ ended_at: at(52) });
      expect(
        (await store.acquireLease('ws-1', 'replica-a', at(53), 30_000))
          ?.openRun,
      ).toBeUndefined();
      await new WorkspaceStore(knex).insertRun({
        id: 'run-2',
        workspaceId: 'ws-1',
        startedAt: at(54),
        resources: { cpuMillicores: 500, memoryBytes: 2 ** 30, gpus: 0 },
      });
      await knex('workspace_runs')
        .where({ id: 'run-2' })
        .update({ pod_name: 'ws-notebook-0' });
      expect(
        (await store.acquireLease('ws-1', 'replica-a', at(55), 30_000))
          ?.openRun,
      ).toEqual({ id: 'run-2', startedAt: at(54), podName: 'ws-notebook-0' });

      await knex('workspaces').where({ id: 'ws-1' }).update({ deleted_at: t0 });
      expect(
        await store.acquireLease('ws-1', 'replica-a', at(60), 30_000),
      ).toEqual({ record: undefined });
      await knex.destroy();
    });

    it('records a new message of the same status in one statement, outside a transaction', async () => {
      const { knex, store, changes } = await setUp();
      const lease = (await store.acquireLease('ws-1', 'r', t0, 1))!;
      const sql: string[] = [];
      knex.on('query', ({ sql: text }: { sql: string }) => sql.push(text));
      expect(
        await store.setStatus(
          lease.record!,
          {
            status: 'Creating',
            reason: 'ContainerCreating',
            message: 'Pulling the image',
          },
          at(3),
          { openRun: lease.openRun },
        ),
      ).toBe(true);
      expect(sql).toHaveLength(1);
      expect(sql[0]).toMatch(/^update/i);
      expect(changes.at(-1)).toMatchObject({
        from: 'Creating',
        observed: { message: 'Pulling the image' },
      });
      expect(changes.at(-1)?.run).toBeUndefined();
      await knex.destroy();
    });

    it('records a status change all or none: when its event cannot be written, the status stays as it was', async () => {
      const { knex, store, changes } = await setUp();
      const lease = (await store.acquireLease('ws-1', 'r', t0, 1))!;
      await knex.schema.renameTable(
        'workspace_status_events',
        'status_events_away',
      );
      expect(await knex.schema.hasTable('workspace_status_events')).toBe(false);
      // not toThrow: better-sqlite3 keeps the error class of the first test
      // file its Jest worker loaded, which is no Error of this file's realm
      await expect(
        store.setStatus(
          lease.record!,
          { status: 'Running', reason: 'Ready', message: 'Running' },
          at(3),
          {
            openRun: lease.openRun,
            pod: { name: 'ws-notebook-0', nodeName: 'sim-0' },
          },
        ),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/workspace_status_events/),
      });
      await knex.schema.renameTable(
        'status_events_away',
        'workspace_status_events',
      );
      const row = await knex('workspaces').where({ id: 'ws-1' }).first();
      expect(row.status).toBe('Creating');
      const run = await knex('workspace_runs').where({ id: 'run-1' }).first();
      expect(run.pod_name).toBeNull();
      expect(changes).toEqual([]);
      await knex.destroy();
    });

    it("records a status with the pass's run and pod without reading the run again: Running notes the pod on the run (one statement on PostgreSQL), and only a run's first Running is first", async () => {
      const { knex, store, changes } = await setUp();
      const workspaces = new WorkspaceStore(knex);
      const read = async () => (await store.acquireLease('ws-1', 'r', t0, 1))!;
      const { openRun } = await read();
      expect(openRun).toEqual({ id: 'run-1', startedAt: t0 });

      const statements = recordStatements(knex);
      const running = {
        status: 'Running' as const,
        reason: 'Ready',
        message: 'Running on node sim-0',
      };
      const pass = {
        openRun,
        pod: { name: 'ws-notebook-0', nodeName: 'sim-0' },
      };
      expect(
        await store.setStatus((await read()).record!, running, at(5), pass),
      ).toBe(true);
      // the lease's read, then the status, its event and the run's pod: on
      // PostgreSQL one statement, on SQLite three in a transaction
      const recorded = statements.slice(1);
      expect(recorded).toEqual(
        statusChangeStatements[databaseId].map(statement =>
          expect.stringMatching(statement),
        ),
      );
      expect(changes.at(-1)?.run).toEqual({
        id: 'run-1',
        startedAt: t0,
        firstRunning: true,
      });
      const [run] = await workspaces.listRuns('ws-1');
      expect(run).toMatchObject({
        podName: 'ws-notebook-0',
        nodeName: 'sim-0',
      });

      // back from Degraded: the run was Running before
      const degraded = {
        status: 'Degraded' as const,
        reason: 'NotReady',
        message: 'A container is not ready',
      };
      await store.setStatus((await read()).record!, degraded, at(6), {
        openRun: (await read()).openRun,
      });
      await store.setStatus((await read()).record!, running, at(7), {
        openRun: (await read()).openRun,
        pod: pass.pod,
      });
      expect(changes.at(-1)?.run?.firstRunning).toBe(false);

      // without what a pass read, the run is read, and the event names it
      await store.setStatus(
        (
          await read()
        ).record!,
        { status: 'Unknown', reason: 'Unreachable', message: 'No cluster' },
        at(8),
      );
      expect(changes.at(-1)?.run?.id).toBe('run-1');
      const events = await workspaces.listStatusEvents('ws-1');
      // newest first
      expect(events.map(event => [event.to, event.runId])).toEqual([
        ['Unknown', 'run-1'],
        ['Running', 'run-1'],
        ['Degraded', 'run-1'],
        ['Running', 'run-1'],
      ]);
      await knex.destroy();
    });

    it("gives the lease back with a status write, in the same statement, and only while it is the pass's own; a pass with nothing to write keeps it until it gives it back", async () => {
      const { knex, store } = await setUp();
      const leaseOf = async () =>
        knex('workspaces')
          .where({ id: 'ws-1' })
          .first('lease_owner', 'lease_expires_at');
      const a = (await store.acquireLease('ws-1', 'replica-a', t0, 30_000))!;
      const held: HeldLease = { owner: 'replica-a' };

      // nothing new: no write, and the lease stays the pass's
      const unchanged = {
        status: 'Creating' as const,
        reason: a.record!.statusReason!,
        message: a.record!.statusMessage!,
      };
      expect(
        await store.setStatus(a.record!, unchanged, at(1), {
          openRun: a.openRun,
          lease: held,
        }),
      ).toBe(false);
      expect(held.released).toBeUndefined();
      expect((await leaseOf()).lease_owner).toBe('replica-a');

      const statements = recordStatements(knex);
      expect(
        await store.setStatus(
          a.record!,
          { status: 'Running', reason: 'Ready', message: 'Running on sim-0' },
          at(2),
          {
            openRun: a.openRun,
            pod: { name: 'ws-notebook-0', nodeName: 'sim-0' },
            lease: held,
          },
        ),
      ).toBe(true);
      // as many statements as the same write without the lease
      expect(statements).toEqual(
        statusChangeStatements[databaseId].map(statement =>
          expect.stringMatching(statement),
        ),
      );
      expect(held.released).toBe(true);
      expect(await leaseOf()).toEqual({
        lease_owner: null,
        lease_expires_at: null,
      });
      // another replica takes it at once, not after the 30 s
      const b = await store.acquireLease('ws-1', 'replica-b', at(3), 30_000);
      expect(b?.record?.status).toBe('Running');

      // a pass that outlived its lease (replica-b holds it now) writes its
      // status, as before, but leaves replica-b's lease alone
      const late: HeldLease = { owner: 'replica-a' };
      await store.setStatus(
        b!.record!,
        { status: 'Degraded', reason: 'NotReady', message: 'Not ready' },
        at(4),
        { openRun: b!.openRun, lease: late },
      );
      const after = await leaseOf();
      expect(after.lease_owner).toBe('replica-b');
      expect(after.lease_expires_at).not.toBeNull();
      expect(
        await store.acquireLease('ws-1', 'replica-a', at(5), 30_000),
      ).toBeUndefined();
      await knex.destroy();
    });
  },
);
