/*
 * API economy: the Kubernetes writes of the plugin's ServiceAccount (from the
 * API server's audit log) per create, start, stop and delete of a workspace,
 * next to the objects a workspace needs; and the writes of a sweep over
 * workspaces that need nothing.
 */
import { BenchApi } from './lib/benchApi';
import { benchManifests, benchRecord, objectCount } from './lib/benchManifests';
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
  const objects = objectCount(
    benchManifests(
      benchRecord({
        id: 'x',
        name: 'x',
        projectRef: 'system:default/x',
        namespace: 'x',
        desiredState: 'Running',
        status: 'Running',
      }),
    ),
  );
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
 * Requests of the sweeps in `windowMs` while nothing changes: writes and
 * reads, per sweep.
 */
export async function measureIdleSweeps(
  cluster: Pick<BenchCluster, 'pluginWrites' | 'pluginReads'>,
  windowMs: number,
  sweepIntervalMs: number,
) {
  const writesBefore = cluster.pluginWrites().length;
  const readsBefore = cluster.pluginReads().length;
  await new Promise(r => setTimeout(r, windowMs));
  const written = cluster.pluginWrites().length - writesBefore;
  const read = cluster.pluginReads().length - readsBefore;
  const sweeps = windowMs / sweepIntervalMs;
  return {
    written,
    read,
    sweeps,
    writesPerSweep: written / sweeps,
    readsPerSweep: read / sweeps,
  };
}
