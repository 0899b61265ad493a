/*
 * API economy: the Kubernetes writes of the plugin's ServiceAccount (from the
 * API server's audit log) per create, start, stop and delete of a workspace,
 * next to the objects a workspace needs; and the writes of a sweep over
 * workspaces that need nothing.
 */
import { Knex } from 'knex';
import { BenchApi } from './lib/benchApi';
import { objectCount, sampleManifests } from './lib/benchManifests';
import { economyProject, projectRef } from './lib/benchProjects';
import { BenchCluster, PluginRequest } from './lib/startBenchCluster';

const TIMEOUT_MS = 120_000;

async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

const steps = ['create', 'start', 'stop', 'delete'] as const;

export async function measureApiEconomy(
  api: BenchApi,
  count: number,
  pluginWrites: () => PluginRequest[],
) {
  const ns = economyProject.namespace;
  const writesIn = () => pluginWrites().filter(w => w.namespace === ns).length;
  const writes: Record<(typeof steps)[number], number[]> = {
    create: [],
    start: [],
    stop: [],
    delete: [],
  };
  const status = (id: string, wanted: string) =>
    waitFor(
      async () => ((await api.get(id))?.status === wanted ? true : undefined),
      `${id} ${wanted}`,
    );
  // what a step wrote: once its status is reached, and a moment more for stragglers
  const counted = async (
    step: (typeof steps)[number],
    act: () => Promise<unknown>,
  ) => {
    const before = writesIn();
    await act();
    await new Promise(r => setTimeout(r, 1500));
    writes[step].push(writesIn() - before);
  };
  for (let i = 0; i < count; i++) {
    let id = '';
    await counted('create', async () => {
      id = (await api.create(projectRef(economyProject), `economy-${i}`)).id;
      await status(id, 'Stopped');
    });
    await counted('start', async () => {
      await api.start(id);
      await status(id, 'Running');
    });
    await counted('stop', async () => {
      await api.stop(id);
      await status(id, 'Stopped');
    });
    await counted('delete', async () => {
      await api.delete(id);
      await waitFor(
        async () => ((await api.get(id)) ? undefined : true),
        `${id} deleted`,
      );
    });
  }
  const objects = objectCount(sampleManifests());
  const mean = (values: number[]) =>
    values.reduce((a, b) => a + b, 0) / values.length;
  return {
    objects,
    perStep: Object.fromEntries(
      steps.map(step => [
        step,
        { mean: mean(writes[step]), each: writes[step] },
      ]),
    ),
  };
}

/**
 * When the sweep last ended, from the scheduler's table in the plugin's
 * database (Backstage's scheduler writes it at the end of every run).
 */
async function lastSweepEnded(db: Knex): Promise<string | undefined> {
  const row = await db('backstage_backend_tasks__tasks')
    .where({ id: 'workspaces-sweep' })
    .first('last_run_ended_at');
  return row?.last_run_ended_at
    ? new Date(row.last_run_ended_at).toISOString()
    : undefined;
}

/**
 * Requests of `sweeps` sweeps while nothing changes: writes and reads, per
 * sweep. The sweeps are observed (each end of a run in the scheduler's
 * table), from the end of one to the end of the last; waiting longer than
 * `timeoutMs` for them is an error.
 */
export async function measureIdleSweeps(
  cluster: Pick<BenchCluster, 'pluginWrites' | 'pluginReads'>,
  db: Knex,
  sweeps: number,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let last = await lastSweepEnded(db);
  const nextEnd = async () => {
    for (;;) {
      const ended = await lastSweepEnded(db);
      if (ended && ended !== last) {
        last = ended;
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Gave up waiting for a sweep to end (last ended ${last ?? 'never'})`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  };
  await nextEnd();
  const writesBefore = cluster.pluginWrites().length;
  const readsBefore = cluster.pluginReads().length;
  for (let i = 0; i < sweeps; i++) {
    await nextEnd();
  }
  const written = cluster.pluginWrites().length - writesBefore;
  const read = cluster.pluginReads().length - readsBefore;
  return {
    written,
    read,
    sweeps,
    writesPerSweep: written / sweeps,
    readsPerSweep: read / sweeps,
  };
}
