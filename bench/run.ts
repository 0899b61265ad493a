/*
 * The benchmark suite (./scripts/bench): starts the local control plane and
 * the backend's production build on PostgreSQL, measures each figure next to
 * its floor in the same run, prints the table and writes
 * bench/results/bench.json and bench/results/bench.svg.
 */
import {
  createAdminKubeConfig,
  kubernetesClusterConfig,
} from '@internal/kube-local';
import knexFactory, { Knex } from 'knex';
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { measureApiEconomy, measureIdleSweeps } from './api-economy';
import {
  CostInputs,
  costModelRows,
  databaseRows,
  objectsPerWorkspace,
  rowsPerWorkspace,
} from './cost-model';
import {
  createBurstWorkspaces,
  measureBurstFloor,
  measureBurstStart,
} from './burst-start';
import {
  hubPodSize,
  measureBarePodFloor,
  measureHubAtN,
  measureOursAtN,
  PeerFirstAnswer,
  peerFirstAnswerMissed,
  peerFirstAnswerRows,
  peerMissed,
  peerChartRows,
  PeerResult,
  peerRows,
} from './jupyterhub';
import { describeListTail, measureListLatency } from './list-latency';
import { readEventLoopDelay } from './lib/eventLoopDelay';
import { waitForQuietMachine } from './lib/waitForQuietMachine';
import {
  deleteLogWriters,
  logsFollowFigures,
  LOGS_FOLLOW_WINDOW_MS,
  measureLogsFollow,
  startLogWriters,
} from './logs-follow';
import { measureStatusFreshness } from './status-freshness';
import {
  measureStoppedDesign,
  STOPPED_DESIGNS,
  StoppedDesignResult,
  stoppedDesignRows,
} from './stopped-designs';
import {
  measureHubFirstAnswer,
  measureToolFirstAnswer,
} from './tool-first-answer';
import { measureUiGrid } from './ui-grid';
import { commitOf, writeDocSection } from '../scripts/lib/writeDocSection';
import { BenchApi, inParallel } from './lib/benchApi';
import { configuredWorkload } from './lib/benchManifests';
import {
  BARE_POD_NAMESPACE,
  BENCH_USER,
  burstProject,
  economyProject,
  FLOOR_NAMESPACE,
  gridProject,
  LIST_MEMBER,
  listProjects,
  peerProject,
  projectRef,
  writeBenchCatalog,
} from './lib/benchProjects';
import { readBenchSizes, readPeerBursts, readWorkload } from './lib/benchSizes';
import { Figure, figureTable, markdownTable, ratio } from './lib/figureTable';
import { seedWorkspaces } from './lib/seedWorkspaces';
import { BenchCluster, startBenchCluster } from './lib/startBenchCluster';
import { startJupyterHub } from './lib/startJupyterHub';
import { measureLiveHeapMb } from './lib/liveHeap';
import { readNetguardReport, refusedCount } from './lib/readNetguardReport';
import {
  BACKEND_HEAP_MB,
  BACKEND_PORT,
  BACKEND_URL,
  ProductionBackend,
  startProductionBackend,
} from './lib/startProductionBackend';
import { median } from './lib/stats';
import { watchPodsReady } from './lib/watchPodsReady';
import { writeChart } from './lib/writeChart';
import { writePeerChart } from './lib/writePeerChart';

const repoRoot = resolve(__dirname, '..');
/** What a full run writes: not a change of the commit it measured. */
const BENCH_WRITES = ['bench/results', 'docs/benchmarks.md'];
const runDir = join(repoRoot, 'test-output', 'bench');
const resultsDir = join(__dirname, 'results');
/**
 * The databases of a run (all dropped at its start and end); BENCH_DB_PREFIX
 * another, for a second bench on the same PostgreSQL (with BENCH_BACKEND_PORT).
 */
const DB_PREFIX = process.env.BENCH_DB_PREFIX ?? 'workspaces_bench_';
const SWEEP_MS = 10_000; // bench/app-config.yaml
/** Workspaces of the create-to-first-answer figure (issue 17: 10). */
const FIRST_ANSWER_COUNT = 10;

const log = (message: string) => console.log(`==> ${message}`);
/** The backend's RSS (MB) when each phase began, to see what memory goes with. */
const rssTimeline: Array<{ phase: string; mb: number }> = [];
let currentBackend: ProductionBackend | undefined;
const phase = (message: string) => {
  if (currentBackend) {
    rssTimeline.push({
      phase: message,
      mb: Math.round(currentBackend.rssBytes() / 2 ** 20),
    });
  }
  log(message);
};
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function dropBenchDatabases(pgUrl: string) {
  const admin = knexFactory({ client: 'pg', connection: pgUrl });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('drop database ?? with (force)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

/** The backend's used heap (MB) right after a full garbage collection. */
async function collectedHeapMb(backend: ProductionBackend): Promise<number> {
  const { memory } = await readEventLoopDelay(backend.dir, { collect: true });
  return memory!.heapUsed;
}

async function rssSample(backend: ProductionBackend): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(backend.rssBytes());
    await sleep(1000);
  }
  return median(samples);
}

async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await sleep(1000);
  }
}

/** --check: a figure that misses its target fails the run. */
function failOnMissed(check: boolean, figures: Figure[]) {
  const missed = figures.filter(f => !f.met);
  if (check && missed.length > 0) {
    throw new Error(
      `--check: ${missed.length} figure(s) missed their target:\n${missed
        .map(f => `  ${f.figure}: ${f.value} ${f.unit} (target ${f.target})`)
        .join('\n')}`,
    );
  }
}

const machineText = () =>
  `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${
    process.version
  }`;

/** Figures that `--only NAME` measures alone (after the backend is up). */
const ONLY = ['logs-follow', 'jupyterhub', 'stopped-designs', 'list-latency'];

/**
 * Side by side with JupyterHub + KubeSpawner at each N (bench/jupyterhub.ts):
 * the bare-pod floor, ours, then the hub's, one after the other.
 */
async function measurePeer(options: {
  cluster: BenchCluster;
  api: BenchApi;
  backend: ProductionBackend;
  bursts: number[];
}): Promise<{ bursts: PeerResult[]; firstAnswer: PeerFirstAnswer }> {
  const { cluster, api, backend } = options;
  const admin = createAdminKubeConfig(cluster.kube);
  log('starting JupyterHub + KubeSpawner + configurable-http-proxy (loopback)');
  const hub = await startJupyterHub({
    runDir,
    connection: cluster.kube,
    size: hubPodSize(),
  });
  const bursts: PeerResult[] = [];
  try {
    for (const size of options.bursts) {
      phase(`side by side, ${size} at once: the floor (bare pods)`);
      const floor = await measureBarePodFloor(admin, cluster, size);
      phase(`side by side, ${size} at once: ours (through the API)`);
      const ours = await measureOursAtN(api, admin, cluster, backend, size);
      phase(`side by side, ${size} at once: JupyterHub (through its REST API)`);
      const hubSide = await measureHubAtN(hub, admin, cluster, size);
      bursts.push({ size, ours, hub: hubSide, floor });
    }
    phase(
      `side by side: create to first answer of a real JupyterLab, ${FIRST_ANSWER_COUNT} one at a time, ours then JupyterHub's`,
    );
    const ours = await measureToolFirstAnswer(api, FIRST_ANSWER_COUNT);
    const hubAnswer = await measureHubFirstAnswer(hub, FIRST_ANSWER_COUNT);
    const firstAnswer: PeerFirstAnswer = {
      count: FIRST_ANSWER_COUNT,
      ours: ours.product,
      hub: hubAnswer,
      floor: ours.floor,
    };
    return { bursts, firstAnswer };
  } finally {
    await hub.stop();
  }
}

/** Both designs of a stopped workspace, one after the other (bench/stopped-designs.ts). */
async function measureStoppedDesigns(cluster: BenchCluster, size: number) {
  const results: StoppedDesignResult[] = [];
  for (const design of STOPPED_DESIGNS) {
    phase(
      `stopped workspaces, ${design.title}: ${size} created, swept, started and stopped at once`,
    );
    results.push(await measureStoppedDesign(cluster, design, size));
  }
  console.log(`\n${markdownTable(stoppedDesignRows(results))}`);
  return results;
}

/** Until the sweep gave `count` workspaces seeded into these projects their objects. */
async function waitForSeededObjects(
  cluster: BenchCluster,
  projects: Array<{ namespace: string }>,
  count: number,
) {
  // a stopped workspace's objects are its volume claims, one each here
  const namespaces = new Set(projects.map(p => p.namespace));
  await waitUntil('objects of the seeded workspaces', 3_600_000, async () => {
    const created = cluster
      .pluginWrites()
      .filter(
        w =>
          w.resource === 'persistentvolumeclaims' &&
          w.code === 201 &&
          namespaces.has(w.namespace ?? ''),
      ).length;
    return created >= count;
  });
}

async function listLatency(
  db: Knex,
  requests: number,
  backend: ProductionBackend,
) {
  // a list figure of a settled system: the control plane binding the
  // claims just seeded and the backend's passes over them would otherwise
  // take the 2 cores from the requests (see docs/benchmarks.md)
  phase('list latency: waiting for the machine to settle (80% idle for 2 s)');
  const settled = await waitForQuietMachine();
  log(
    `${settled.settled ? 'settled' : 'NOT settled'} after ${(
      settled.waitedMs / 1000
    ).toFixed(0)} s (${Math.round(settled.idle * 100)}% idle)`,
  );
  phase(`list latency: ${requests} pages of 50 for ${LIST_MEMBER}`);
  return measureListLatency(
    await BenchApi.signIn(LIST_MEMBER),
    db,
    [`user:default/${LIST_MEMBER}`, 'group:default/bench-list-team-0'],
    requests,
    backend.dir,
  );
}

const listLatencyFigure = (
  list: Awaited<ReturnType<typeof measureListLatency>>,
  total: number,
): Figure => ({
  figure: `list latency p99, page of 50 of ${total}`,
  value: list.http.p99,
  floor: list.floor.p99,
  unit: 'ms',
  target: 'p99 <= 50 ms, <= 5x',
  met: list.http.p99 <= 50 && list.http.p99 <= 5 * list.floor.p99,
});

type Peer = Awaited<ReturnType<typeof measurePeer>>;

const peerTable = (peer: Peer) =>
  markdownTable([
    ['side by side', 'ours', 'JupyterHub + KubeSpawner', 'floor (bare pods)'],
    ...peerRows(peer.bursts),
    ...peerFirstAnswerRows(peer.firstAnswer),
  ]);

const missedAgainstPeer = (peer: Peer) => [
  ...peerMissed(peer.bursts),
  ...peerFirstAnswerMissed(peer.firstAnswer),
];

async function main() {
  const sizes = readBenchSizes(process.argv.slice(2));
  const peerBursts = readPeerBursts(process.argv.slice(2));
  const workload = readWorkload(process.argv.slice(2));
  const check = process.argv.includes('--check');
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
  const withPeer = only === undefined || only === 'jupyterhub';
  if (only !== undefined && !ONLY.includes(only)) {
    throw new Error(`--only takes one of: ${ONLY.join(', ')}`);
  }
  const pgUrl =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!pgUrl)
    throw new Error('Run through ./scripts/bench (it starts PostgreSQL)');
  mkdirSync(runDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const startedAt = new Date();
  const measuredCommit = commitOf(repoRoot, BENCH_WRITES);
  log(
    `sizes ${JSON.stringify(sizes)}${
      workload ? `; workload ${workload}` : ''
    }; logs in ${runDir}`,
  );

  const lists = listProjects(sizes);
  const seeded = Math.max(
    0,
    sizes.workspaces - sizes.grid - sizes.running - sizes.economy,
  );
  await dropBenchDatabases(pgUrl);
  const cluster = await startBenchCluster(
    runDir,
    [burstProject, economyProject, gridProject, peerProject, ...lists]
      .map(p => p.namespace)
      .concat(FLOOR_NAMESPACE, BARE_POD_NAMESPACE)
      .concat(STOPPED_DESIGNS.map(design => design.namespace)),
    sizes.running +
      sizes.burst +
      sizes.economy +
      sizes.logs +
      sizes.stopped +
      (withPeer ? 2 * Math.max(...peerBursts) : 0),
  );
  let backend: ProductionBackend | undefined;
  let knex: Knex | undefined;
  let stoppedDesigns: StoppedDesignResult[] = [];
  try {
    const admin = createAdminKubeConfig(cluster.kube);
    if (!only || only === 'stopped-designs') {
      const stopped = await measureStoppedDesigns(cluster, sizes.stopped);
      if (only) {
        console.log(
          '\n--only: bench/results and docs/benchmarks.md are left as they are',
        );
        return;
      }
      stoppedDesigns = stopped;
    }
    let floorBurst!: Awaited<ReturnType<typeof measureBurstFloor>>;
    if (!only) {
      log(
        `burst floor: ${sizes.burst} workspaces' objects applied with client-node`,
      );
      floorBurst = await measureBurstFloor(
        admin,
        sizes.burst,
        workload ?? configuredWorkload,
      );
    }

    writeBenchCatalog(join(runDir, 'catalog.yaml'), sizes);
    const runConfig = join(runDir, 'app-config.run.yaml');
    writeFileSync(
      runConfig,
      stringify({
        app: { baseUrl: BACKEND_URL },
        backend: {
          baseUrl: BACKEND_URL,
          listen: { port: BACKEND_PORT },
          cors: { origin: BACKEND_URL },
          database: { client: 'pg', connection: pgUrl, prefix: DB_PREFIX },
        },
        catalog: {
          locations: [
            { type: 'file', target: join(repoRoot, 'examples/org.yaml') },
            { type: 'file', target: join(runDir, 'catalog.yaml') },
          ],
        },
        kubernetes: kubernetesClusterConfig(cluster.kube, cluster.pluginToken),
        ...(workload && { workspaces: { kubernetes: { workload } } }),
      }),
      { mode: 0o600 },
    );
    log('starting the backend (production build, PostgreSQL)');
    backend = await startProductionBackend(runDir, [
      join(repoRoot, 'app-config.yaml'),
      join(__dirname, 'app-config.yaml'),
      runConfig,
    ]);
    currentBackend = backend;
    knex = knexFactory({
      client: 'pg',
      connection: `${pgUrl}/${DB_PREFIX}workspaces`,
    });
    const db = knex;
    const projectCount = 4 + lists.length;
    log('waiting for the catalog and the members sync (once a minute)');
    await waitUntil('project members synced', 180_000, async () => {
      const [{ count }] = await db('workspace_project_members').countDistinct({
        count: 'project_ref',
      });
      return Number(count) >= projectCount;
    });
    const rssEmpty = await rssSample(backend);
    // the cost model's memory: the heap after a full collection, which RSS
    // (what V8 keeps reserved) does not follow at small sizes
    const heapEmptyMb = await collectedHeapMb(backend);

    const api = await BenchApi.signIn(BENCH_USER);
    const followLogs = async () => {
      phase(
        `logs follow: ${sizes.logs} workspaces writing lines, followed for ${
          LOGS_FOLLOW_WINDOW_MS / 1000
        } s directly (floor) and through the API`,
      );
      const writers = await startLogWriters(api, sizes.logs);
      const result = await measureLogsFollow(api, admin, backend!, writers);
      await deleteLogWriters(api, writers);
      return result;
    };
    if (only === 'list-latency') {
      phase(`seeding ${sizes.workspaces} stopped workspaces into the database`);
      await seedWorkspaces(db, lists, sizes.workspaces, 'ws');
      await waitForSeededObjects(cluster, lists, sizes.workspaces);
      const list = await listLatency(db, sizes.requests, backend);
      const figures = [listLatencyFigure(list, sizes.workspaces)];
      // the cost model's readers, on the seeded (stopped) workspaces
      const rows = await databaseRows(db);
      const stoppedObjects = await objectsPerWorkspace(
        admin,
        lists[0].namespace,
        sizes.workspaces / lists.length,
      );
      console.log(
        `Database rows per workspace ${rowsPerWorkspace(
          rows,
          sizes.workspaces,
        ).toFixed(2)} (${JSON.stringify(
          rows,
        )}); objects per stopped workspace ${stoppedObjects.objects.toFixed(
          2,
        )}, ${Math.round(stoppedObjects.bytes)} bytes (${JSON.stringify(
          stoppedObjects.kinds,
        )})`,
      );
      console.log(`\n${figureTable(figures)}`);
      console.log(
        `HTTP p50 ${list.http.p50.toFixed(
          1,
        )} ms, SQL p50 ${list.floor.p50.toFixed(
          1,
        )} ms, /health p99 ${list.health.p99.toFixed(1)} ms; ` +
          '--only: bench/results and docs/benchmarks.md are left as they are',
      );
      console.log(describeListTail(list));
      failOnMissed(check, figures);
      return;
    }
    let peer!: Peer;
    if (withPeer) {
      peer = await measurePeer({
        cluster,
        api,
        backend,
        bursts: peerBursts,
      });
      console.log(`\n${peerTable(peer)}`);
    }
    if (only === 'jupyterhub') {
      writePeerChart(
        join(runDir, 'jupyterhub.svg'),
        `${startedAt.toISOString().slice(0, 16)}, ${machineText()}`,
        peerChartRows(peer.bursts),
      );
      writeFileSync(
        join(runDir, 'jupyterhub.json'),
        `${JSON.stringify(peer, null, 2)}\n`,
      );
      console.log(
        `\nDetails in ${join(runDir, 'jupyterhub.json')}, chart ${join(
          runDir,
          'jupyterhub.svg',
        )}; ` +
          '--only: bench/results and docs/benchmarks.md are left as they are',
      );
      const missed = missedAgainstPeer(peer);
      if (check && missed.length > 0) {
        throw new Error(
          `--check: the goal against JupyterHub missed:\n  ${missed.join(
            '\n  ',
          )}`,
        );
      }
      return;
    }
    if (only === 'logs-follow') {
      const result = await followLogs();
      const figures = logsFollowFigures(sizes.logs, result);
      console.log(`\n${figureTable(figures)}`);
      result.product.forEach((_, i) =>
        console.log(
          `round ${i + 1}: RSS growth ${result.product[i].rssGrowthMb.toFixed(
            2,
          )} MB against ${result.floor[i].rssGrowthMb.toFixed(2)} MB`,
        ),
      );
      for (const [side, i] of (['product', 'floor'] as const).flatMap(s =>
        result[s].map((_, n) => [s, n] as const),
      )) {
        const cost = result[side][i];
        const { settling, idle, during } = cost.rssSeriesMb;
        const round = (mbs: number[]) => mbs.map(m => Math.round(m)).join(' ');
        console.log(
          `${side} round ${i + 1} RSS each second (MB): settling ${round(
            settling,
          )}; idle ${round(idle)}; following ${round(during)}`,
        );
        const { memory } = cost;
        const change = Object.keys(memory.after)
          .map(
            key =>
              `${key} ${memory.before[key]?.toFixed(1)} -> ${memory.after[
                key
              ].toFixed(1)}`,
          )
          .join(', ');
        console.log(
          `${side} round ${i + 1} memory after a collection (MB): ${change}`,
        );
      }
      console.log(
        '\n--only: bench/results and docs/benchmarks.md are left as they are',
      );
      failOnMissed(check, figures);
      return;
    }
    phase(
      `API economy: ${sizes.economy} workspaces created, started, stopped, deleted`,
    );
    const economy = await measureApiEconomy(
      api,
      sizes.economy,
      cluster.pluginWrites,
    );

    // measured side by side with the hub's (measurePeer)
    const firstAnswer = {
      product: peer.firstAnswer.ours,
      floor: peer.firstAnswer.floor,
    };
    const logsFollow = await followLogs();

    phase(`burst start: ${sizes.burst} workspaces through the API`);
    const created = await createBurstWorkspaces(api, sizes.burst);
    const watcher = await watchPodsReady(admin, burstProject.namespace);
    const burst = await measureBurstStart(api, created);
    // a pod the watch never saw Ready would leave a hole in the freshness
    try {
      await watcher.waitForReady(burst.running.length, 30_000);
    } finally {
      watcher.stop();
    }
    const freshness = measureStatusFreshness(
      burstProject.namespace,
      burst.running,
      cluster.podsReady(),
      watcher.readyAt,
    );

    phase(
      `seeding ${seeded} + ${sizes.grid} stopped workspaces into the database`,
    );
    await seedWorkspaces(db, lists, seeded, 'ws');
    await seedWorkspaces(db, [gridProject], sizes.grid, 'grid');
    const more = sizes.running - sizes.burst;
    phase(
      `starting ${more} more workspaces through the API (${sizes.running} running)`,
    );
    await inParallel(Array.from({ length: more }), 10, async (_, i) => {
      const w = await api.create(projectRef(burstProject), `more-${i}`);
      await api.start(w.id);
    });
    await api.waitForProject(
      projectRef(burstProject),
      all =>
        all.length === sizes.running && all.every(w => w.status === 'Running'),
      1_800_000,
    );
    const total = seeded + sizes.grid + sizes.running;
    phase(
      `waiting until the sweep gave the ${
        seeded + sizes.grid
      } seeded workspaces their objects`,
    );
    await waitForSeededObjects(
      cluster,
      [...lists, gridProject],
      seeded + sizes.grid,
    );

    const list = await listLatency(db, sizes.requests, backend);
    log(describeListTail(list));
    phase(`UI: the grid of ${sizes.grid} workspaces in headless Chromium`);
    const ui = await measureUiGrid(BACKEND_URL, sizes.grid);
    phase('requests of the sweeps over settled workspaces');
    const idle = await measureIdleSweeps(cluster, db, 3, 10 * SWEEP_MS);
    const rssFull = await rssSample(backend);
    const heapFullMb = await collectedHeapMb(backend);
    phase('the cost model: objects of the running workspaces, database rows');
    const adopted = stoppedDesigns.find(d => d.design === 'volume-claims')!;
    const running = await objectsPerWorkspace(
      admin,
      burstProject.namespace,
      sizes.running,
    );
    const rows = await databaseRows(db);
    const windowHours = (idle.sweeps * SWEEP_MS) / 3_600_000;
    const cost: CostInputs = {
      workspaces: total,
      running: sizes.running,
      stopped: {
        objects: adopted.objectsPerStopped,
        bytes: adopted.bytesPerStopped,
      },
      runningCost: running,
      sweepRequestsPerWorkspaceHour:
        (idle.read + idle.written) / windowHours / total,
      rssBaseMb: rssEmpty / 2 ** 20,
      heapPerWorkspaceMb: (heapFullMb - heapEmptyMb) / total,
      rowsPerWorkspace: rowsPerWorkspace(rows, total),
    };
    phase('the live heap: a snapshot after a full garbage collection');
    const liveHeapMb = await measureLiveHeapMb(backend.pid, backend.dir);
    const netguard = await readNetguardReport();
    phase('done');

    const mb = (bytes: number) => bytes / 2 ** 20;
    const figures: Figure[] = [
      {
        figure: `burst start, ${sizes.burst} at once (all Running)`,
        value: burst.totalMs,
        floor: floorBurst.totalMs,
        unit: 'ms',
        target: '<= 1.5x, 0 failures',
        met: burst.totalMs <= 1.5 * floorBurst.totalMs && burst.failures === 0,
      },
      {
        figure: 'status freshness p99 (pod Ready -> Running)',
        value: freshness.product.p99,
        floor: freshness.floor.p99,
        unit: 'ms',
        target: 'p99 <= 1000 ms',
        met: freshness.product.p99 <= 1000,
      },
      listLatencyFigure(list, total),
      {
        figure: `backend RSS, ${total} workspaces (${sizes.running} running), heap ${BACKEND_HEAP_MB} MB`,
        value: mb(rssFull),
        floor: mb(rssEmpty),
        unit: 'MB',
        target: '<= +150 MB',
        met: mb(rssFull - rssEmpty) <= 150,
      },
      ...(['start', 'stop', 'delete'] as const).map(step => ({
        figure: `Kubernetes writes per ${step}`,
        value: economy.perStep[step].mean,
        floor: economy.objects,
        unit: '',
        target: '<= objects',
        met: economy.perStep[step].mean <= economy.objects,
      })),
      ...(['p50', 'max'] as const).map(stat => ({
        figure: `create to first JupyterLab answer through the proxy, ${stat} of ${FIRST_ANSWER_COUNT}`,
        value: firstAnswer.product[stat],
        floor: firstAnswer.floor[stat],
        unit: 'ms',
        target: '<= 1.5x floor + 2 s',
        met: firstAnswer.product[stat] <= 1.5 * firstAnswer.floor[stat] + 2000,
      })),
      ...logsFollowFigures(sizes.logs, logsFollow),
      {
        figure: `UI: grid of ${sizes.grid} rendered`,
        value: ui.fullMs,
        floor: ui.emptyMs,
        unit: 'ms',
        target: '<= 1500 ms',
        met: ui.fullMs <= 1500,
      },
      {
        figure: `connections outside loopback (refused by tools/netguard; ${netguard.allowedLoopbackConnections} to loopback)`,
        value: refusedCount(netguard),
        floor: 0,
        unit: '',
        target: '0',
        met:
          refusedCount(netguard) === 0 &&
          netguard.allowedLoopbackConnections > 0,
      },
    ];
    const machine = machineText();
    console.log(
      `\nWorkspaces benchmark, ${startedAt.toISOString()} (${machine})\n`,
    );
    console.log(figureTable(figures));
    console.log(`\n${peerTable(peer)}`);
    console.log(`\n${markdownTable(stoppedDesignRows(stoppedDesigns))}`);
    console.log(`\n${markdownTable(costModelRows(cost))}`);
    console.log(
      `\nAlso: writes per create ${economy.perStep.create.mean} (objects ${economy.objects}); ` +
        `requests of the sweeps over ${total} settled workspaces: ${idle.writesPerSweep.toFixed(
          1,
        )} writes and ${idle.readsPerSweep.toFixed(1)} reads per sweep ` +
        `(${idle.written} and ${idle.read} in ${idle.sweeps} sweeps); SQL statements per page ${list.statementsPerPage} ` +
        `(${list.statementsWithTotal} with the total); burst failures ${burst.failures} (floor ${floorBurst.failures}); ` +
        `live heap at the end ${Math.round(liveHeapMb)} MB.`,
    );
    writeFileSync(
      join(resultsDir, 'bench.json'),
      `${JSON.stringify(
        {
          date: startedAt.toISOString(),
          machine,
          sizes,
          figures: figures.map(f => ({ ...f, ratio: ratio(f) })),
          details: {
            burst: { ...burst, running: undefined },
            floorBurst,
            freshness,
            list,
            economy,
            firstAnswer,
            logsFollow,
            idle,
            ui,
            rssEmpty,
            rssFull,
            heapLimitMb: BACKEND_HEAP_MB,
            liveHeapMb,
            rssTimeline,
            netguard,
            jupyterhub: peer,
            stoppedDesigns,
            cost: { ...cost, runningKinds: running.kinds, rows },
          },
        },
        null,
        2,
      )}\n`,
    );
    writeChart(join(resultsDir, 'bench.svg'), {
      title: `${startedAt
        .toISOString()
        .slice(0, 16)}, ${machine}; sizes ${JSON.stringify(sizes)}`,
      latencies: [
        {
          label: 'list page (HTTP vs SQL)',
          product: list.http,
          floor: list.floor,
        },
        {
          label: 'status freshness (API vs watch)',
          product: freshness.product,
          floor: freshness.floor,
        },
      ],
      burst: { productMs: burst.curveMs, floorMs: floorBurst.curveMs },
    });
    writePeerChart(
      join(resultsDir, 'jupyterhub.svg'),
      `${startedAt.toISOString().slice(0, 16)}, ${machine}`,
      peerChartRows(peer.bursts),
    );
    writeDocSection({
      path: join(repoRoot, 'docs', 'benchmarks.md'),
      repoRoot,
      name: 'latest-run',
      writer: './scripts/bench',
      written: BENCH_WRITES,
      date: startedAt,
      commit: measuredCommit,
      context: `${machine}; sizes ${JSON.stringify(sizes)}`,
      body: `${figureTable(
        figures,
      )}\n\nSide by side with JupyterHub + KubeSpawner (bench/jupyterhub.ts):\n\n${peerTable(
        peer,
      )}\n\nStopped workspaces, both designs (bench/stopped-designs.ts):\n\n${markdownTable(
        stoppedDesignRows(stoppedDesigns),
      )}\n\nThe cost model (bench/cost-model.ts; a model, not a measurement, at the three sizes):\n\n${markdownTable(
        costModelRows(cost),
      )}`,
    });
    console.log(
      `\nWrote bench/results/bench.json, bench/results/bench.svg, bench/results/jupyterhub.svg and the table of docs/benchmarks.md`,
    );
    if (list.statementsPerPage !== 1 || list.statementsWithTotal !== 2) {
      throw new Error(
        'A page must take one SQL statement for the rows, plus one for the count',
      );
    }
    failOnMissed(check, figures);
    const missed = missedAgainstPeer(peer);
    if (check && missed.length > 0) {
      throw new Error(
        `--check: the goal against JupyterHub missed:\n  ${missed.join(
          '\n  ',
        )}`,
      );
    }
  } finally {
    await knex?.destroy();
    await backend?.stop();
    await cluster.stop();
    await dropBenchDatabases(pgUrl).catch(() => undefined);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
