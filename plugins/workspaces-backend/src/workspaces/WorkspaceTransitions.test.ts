import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { workspaceRow } from '../__testUtils__/workspaceRow';
import { migrateDatabase } from '../database/migrateDatabase';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceTransitions } from './WorkspaceTransitions';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const t0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** The statements `knex` runs from now on that update `workspaces` (alone or in a WITH). */
function recordWorkspaceWrites(knex: Knex): string[] {
  const statements: string[] = [];
  knex.on('query', ({ sql }: { sql: string }) => {
    if (/\bupdate\s+["`]workspaces["`]/i.test(sql)) statements.push(sql);
  });
  return statements;
}

/** Every statement `knex` runs from now on, BEGIN and COMMIT included. */
function recordStatements(knex: Knex): string[] {
  const statements: string[] = [];
  knex.on('query', ({ sql }: { sql: string }) => statements.push(sql));
  return statements;
}

/** The workspace's runs and status events, oldest first. */
async function runsAndEvents(knex: Knex) {
  const runs = await knex('workspace_runs')
    .where({ workspace_id: 'ws-1' })
    .orderBy('started_at');
  const events = await knex('workspace_status_events')
    .where({ workspace_id: 'ws-1' })
    .orderBy('id');
  return {
    runs: runs.map(run => ({
      id: run.id,
      ended: run.ended_at ? new Date(run.ended_at).toISOString() : null,
      endReason: run.end_reason,
    })),
    events: events.map(event => ({
      run: event.run_id,
      from: event.from_status,
      to: event.to_status,
      reason: event.reason,
      time: new Date(event.time).toISOString(),
    })),
  };
}

describe.each(databases.eachSupportedId())('transitions on %s', databaseId => {
  async function setUp(changes: Record<string, unknown>) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    await knex('workspaces').insert(workspaceRow('ws-1', t0, changes));
    const store = new WorkspaceStore(knex);
    const transitions = new WorkspaceTransitions({
      store,
      now: () => at(100),
    });
    const current = (await store.getWorkspace('ws-1'))!;
    return { knex, store, transitions, current };
  }

  it('a start resets the auto-stop, the keep-alives and the dormancy clock in the one write of the workspace, and keeps the activity another writer recorded meanwhile', async () => {
    const { knex, transitions, current } = await setUp({
      desired_state: 'Stopped',
      status: 'Stopped',
      auto_stop_at: at(10),
      auto_stop_reason: 'Idle',
      auto_stop_message: 'Idle for 2 hours',
      auto_stop_warned_at: at(5),
      keep_alive_until: at(20),
      keep_alive_count: 2,
      stopped_at: at(30),
      dormancy_kept_alive_at: at(31),
      dormancy_warned_at: at(32),
      dormancy_delete_at: at(33),
      volumes_deleted_at: at(34),
    });
    // the tool proxy records activity after the start read the workspace
    await knex('workspaces')
      .where({ id: 'ws-1' })
      .update({ last_activity_at: at(99) });
    const writes = recordWorkspaceWrites(knex);

    const started = await transitions.apply(current, {
      to: 'Running',
      reason: 'StartRequested',
      message: 'Started by user:default/bob',
    });

    expect(writes).toHaveLength(1);
    const row = await knex('workspaces').where({ id: 'ws-1' }).first();
    expect({
      desired: row.desired_state,
      autoStop: [
        row.auto_stop_at,
        row.auto_stop_reason,
        row.auto_stop_message,
        row.auto_stop_warned_at,
      ],
      keepAlive: [row.keep_alive_until, Number(row.keep_alive_count)],
      dormancy: [
        row.stopped_at,
        row.dormancy_kept_alive_at,
        row.dormancy_warned_at,
        row.dormancy_delete_at,
        row.volumes_deleted_at,
      ],
      activity: new Date(row.last_activity_at).toISOString(),
    }).toEqual({
      desired: 'Running',
      autoStop: [null, null, null, null],
      keepAlive: [null, 0],
      dormancy: [null, null, null, null, null],
      activity: at(99).toISOString(),
    });
    expect(started.autoStop).toBeUndefined();
    expect(started.keepAliveCount).toBe(0);
    await knex.destroy();
  });

  it("a stop starts the dormancy clock; a stopped workspace's volume deletion keeps its clock and its keep-alive as they are", async () => {
    const { knex, store, transitions, current } = await setUp({
      desired_state: 'Running',
      status: 'Running',
    });
    const writes = recordWorkspaceWrites(knex);
    await transitions.apply(current, {
      to: 'Stopped',
      reason: 'StopRequested',
      message: 'Stopped by user:default/bob',
    });
    expect(writes).toHaveLength(1);
    const stoppedAt = async () =>
      (await store.getWorkspace('ws-1'))!.stoppedAt?.toISOString();
    expect(await stoppedAt()).toBe(at(100).toISOString());

    // the dormancy runner decides to delete the volumes; a keep-alive
    // lands after it read the workspace
    const stopped = (await store.getWorkspace('ws-1'))!;
    await knex('workspaces')
      .where({ id: 'ws-1' })
      .update({ dormancy_kept_alive_at: at(150) });
    const later = new WorkspaceTransitions({ store, now: () => at(200) });
    await later.apply(stopped, {
      to: 'Stopped',
      reason: 'DormantVolumesDeleted',
      message: 'Volumes deleted after 90 days stopped',
      deleteVolumes: true,
    });
    const row = (await store.getWorkspace('ws-1'))!;
    expect({
      stoppedAt: row.stoppedAt?.toISOString(),
      keptAliveAt: row.dormancyKeptAliveAt?.toISOString(),
      volumesDeletedAt: row.volumesDeletedAt?.toISOString(),
    }).toEqual({
      stoppedAt: at(100).toISOString(),
      keptAliveAt: at(150).toISOString(),
      volumesDeletedAt: at(200).toISOString(),
    });
    await knex.destroy();
  });
  it('a start after a failed run ends that run, opens a new one and records its event in the new run, all in one statement on PostgreSQL', async () => {
    const { knex, transitions, current } = await setUp({
      desired_state: 'Running',
      status: 'Failed',
      status_message: 'Back-off pulling image',
    });
    await knex('workspace_runs').insert({
      id: 'run-1',
      workspace_id: 'ws-1',
      started_at: at(1),
      resources: '{}',
    });
    const statements = recordStatements(knex);

    const started = await transitions.apply(
      { ...current, status: 'Failed', statusMessage: 'Back-off pulling image' },
      { to: 'Running', reason: 'StartRequested', message: 'Start by bob' },
    );

    const ofTheStart = [...statements];
    const { runs, events } = await runsAndEvents(knex);
    const newRun = runs.find(run => run.id !== 'run-1');
    expect({ runs, events }).toEqual({
      runs: [
        {
          id: 'run-1',
          ended: at(100).toISOString(),
          endReason: 'Back-off pulling image',
        },
        { id: newRun?.id, ended: null, endReason: null },
      ],
      events: [
        {
          run: newRun?.id,
          from: 'Failed',
          to: 'Creating',
          reason: 'StartRequested',
          time: at(100).toISOString(),
        },
      ],
    });
    expect(started.revision).toBe(current.revision + 1);
    // PostgreSQL: one statement; SQLite: a transaction
    const shape = /^begin/i.test(ofTheStart[0])
      ? 'a transaction'
      : `${ofTheStart.length} statement(s)`;
    expect(shape).toBe(
      databaseId.startsWith('POSTGRES') ? '1 statement(s)' : 'a transaction',
    );
    await knex.destroy();
  });

  it('a stop records its event in the open run and ends it', async () => {
    const { knex, transitions, current } = await setUp({
      desired_state: 'Running',
      status: 'Running',
    });
    await knex('workspace_runs').insert({
      id: 'run-1',
      workspace_id: 'ws-1',
      started_at: at(1),
      resources: '{}',
    });

    await transitions.apply(current, {
      to: 'Stopped',
      reason: 'StopRequested',
      message: 'Stopped by bob',
    });

    expect(await runsAndEvents(knex)).toEqual({
      runs: [
        {
          id: 'run-1',
          ended: at(100).toISOString(),
          endReason: 'Stopped by bob',
        },
      ],
      events: [
        {
          run: 'run-1',
          from: 'Running',
          to: 'Stopping',
          reason: 'StopRequested',
          time: at(100).toISOString(),
        },
      ],
    });
    await knex.destroy();
  });

  it('a transition decided from a stale revision is refused and writes nothing: no event, the open run stays open, no new run', async () => {
    const { knex, store, transitions, current } = await setUp({
      desired_state: 'Running',
      status: 'Failed',
    });
    await knex('workspace_runs').insert({
      id: 'run-1',
      workspace_id: 'ws-1',
      started_at: at(1),
      resources: '{}',
    });
    // another decider changed the workspace after `current` was read
    await knex('workspaces')
      .where({ id: 'ws-1' })
      .update({ revision: current.revision + 1 });

    await expect(
      transitions.apply(current, {
        to: 'Running',
        reason: 'StartRequested',
        message: 'Start by bob',
      }),
    ).rejects.toThrow(/revision: workspace notebook was changed since/);

    expect(await runsAndEvents(knex)).toEqual({
      runs: [{ id: 'run-1', ended: null, endReason: null }],
      events: [],
    });
    expect((await store.getWorkspace('ws-1'))!.status).toBe('Failed');
    await knex.destroy();
  });
});
