/*
 * Side by side with JupyterHub + KubeSpawner (issue 22): at each N, the same
 * cluster, node and pod size, N servers started at once and stopped at once
 * through each system's REST API, next to the floor of N bare pods created
 * and deleted directly. Both start from stopped servers whose volume claims
 * exist and are bound (a workspace after its create; a hub user after one
 * start and stop).
 * Each system's Kubernetes requests come from the API server's audit log
 * (its own ServiceAccount), its memory from /proc.
 */
import {
  KubeConfig,
  KubernetesObjectApi,
  V1PersistentVolumeClaim,
  V1Pod,
} from '@kubernetes/client-node';
import { ApiWorkspace, BenchApi, inParallel } from './lib/benchApi';
import { sampleManifests } from './lib/benchManifests';
import {
  BARE_POD_NAMESPACE,
  peerProject,
  projectRef,
} from './lib/benchProjects';
import { ProductionBackend } from './lib/startProductionBackend';
import { BenchCluster, PodReady, PodTimeline } from './lib/startBenchCluster';
import { podName } from './burst-start';
import {
  HubPodSize,
  HubServer,
  HUB_NAMESPACE,
  JupyterHub,
} from './lib/startJupyterHub';
import { formatPerVerb, requestsByVerb } from './lib/requestsByVerb';
import { median, summarize, Summary } from './lib/stats';
import { watchPodsReady } from './lib/watchPodsReady';
import { PeerChartRow } from './lib/writePeerChart';

const TIMEOUT_MS = 900_000;
/** Requests completed this long after a step's end still count as the step's. */
const STRAGGLERS_MS = 3000;
/** How often each system's API is asked whether all are up (or down). */
const POLL_MS = 200;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** One system at one N: milliseconds from the burst's start, requests per server. */
export interface PeerSide {
  /** Until every pod was seen Ready by a bare watch. */
  podsReadyMs: number;
  /** Until the system's API reported every one Running (ours) or ready (the hub's). */
  reportedMs: number;
  failures: number;
  /** Until every pod was seen deleted. */
  podsGoneMs: number;
  /** Until the system's API reported every one stopped. */
  stoppedReportedMs: number;
  /** When the burst's pods were created, bound and Ready (the API server's clock). */
  timeline: PodMilestones;
  /** When each start request was answered (the hub answers once the server is up, or after its slow_spawn_timeout). */
  answered: Summary;
  startRequests: ReturnType<typeof requestsByVerb>;
  stopRequests: ReturnType<typeof requestsByVerb>;
  /** MB: ours, the backend; the hub's, hub + proxy. */
  rssIdleMb: number;
  rssRunningMb: number;
  /** The hub's side: hub and proxy apart. */
  rssParts?: Record<'idle' | 'running', { hub: number; proxy: number }>;
  /**
   * Status freshness, ms from each pod's Ready (its status write in the
   * audit log) until the system said so: `polled`, first seen up by the
   * bench's poll of the API (both systems, every POLL_MS plus the list's own
   * time); `recorded`, the time the system records (ours: statusSince).
   */
  freshness: { polled: Summary; recorded?: Summary };
}

export interface PeerFloor {
  podsReadyMs: number;
  podsGoneMs: number;
  failures: number;
  timeline: PodMilestones;
}

/** A burst's pods, ms since its start: created, bound to the node, Ready. */
export type PodMilestones = Record<keyof PodTimeline, Summary>;

const milestones = (timeline: PodTimeline): PodMilestones => ({
  created: summarize(timeline.created),
  bound: summarize(timeline.bound),
  ready: summarize(timeline.ready),
});

export interface PeerResult {
  size: number;
  ours: PeerSide;
  hub: PeerSide;
  floor: PeerFloor;
}

const mb = (bytes: number) => bytes / 2 ** 20;

async function rssMb(read: () => number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(read());
    await sleep(1000);
  }
  return mb(median(samples));
}

const cpuCores = (quantity: string) =>
  quantity.endsWith('m')
    ? Number(quantity.slice(0, -1)) / 1000
    : Number(quantity);
/** A Kubernetes quantity in Mi/Gi as JupyterHub's byte specification (M = MiB). */
const hubBytes = (quantity: string) => quantity.replace(/i$/, '');

/** The pod of a bench workspace (same builder, same blocks), as KubeSpawner's settings. */
export function hubPodSize(): HubPodSize {
  const manifests = sampleManifests();
  const pod = manifests.statefulSet.spec!.template.spec!;
  const container = pod.containers[0];
  const { requests = {}, limits = {} } = container.resources ?? {};
  return {
    image: container.image!,
    cpuRequest: cpuCores(requests.cpu),
    cpuLimit: cpuCores(limits.cpu),
    memoryRequest: hubBytes(requests.memory),
    memoryLimit: hubBytes(limits.memory),
    storage: manifests.volumeClaims[0].spec!.resources!.requests!.storage,
    mountPath: container.volumeMounts![0].mountPath,
    uid: pod.securityContext!.runAsUser!,
    gid: pod.securityContext!.runAsGroup!,
  };
}

/**
 * Polls `state` (one entry per server: `up`, `down` or `waiting`) until none
 * waits; when each was first seen `up`, and how many ended `down`.
 */
async function pollUntilSettled(
  state: () => Promise<Map<string, ServerState>>,
  expected: number,
  what: string,
): Promise<{
  lastUpAt: number;
  failures: number;
  upAt: Map<string, number>;
}> {
  const upAt = new Map<string, number>();
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const now = Date.now();
    const states = await state();
    for (const [key, s] of states) {
      if (s === 'up' && !upAt.has(key)) upAt.set(key, now);
    }
    const waiting = [...states.values()].filter(s => s === 'waiting').length;
    if (states.size >= expected && waiting === 0) {
      const down = [...states.entries()].filter(
        ([key, s]) => s === 'down' && !upAt.has(key),
      ).length;
      return {
        lastUpAt: Math.max(0, ...upAt.values()),
        failures: down,
        upAt,
      };
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: ${waiting} still waiting`);
    }
    await sleep(POLL_MS);
  }
}

/** One system's burst: start all, (measure memory), stop all. */
async function burstSide(options: {
  admin: KubeConfig;
  namespace: string;
  size: number;
  requests: () => Array<{
    verb: string;
    resource?: string;
    completedMs: number;
  }>;
  rss: () => Promise<number>;
  /** When each pod was first written Ready since a time, by `namespace/name` (the audit log). */
  podsReady: (sinceMs: number) => Map<string, PodReady>;
  /** The pods' creates, bindings and Ready since a time. */
  podTimeline: (sinceMs: number) => PodTimeline;
  /** The key of server `index` in `states` and `stopped`. */
  keyOf: (index: number) => string;
  /** The pod of the server with this key. */
  podOf: (key: string) => string;
  /** When the system recorded each server up, by key, if it records it. */
  recordedUpAt?: () => Promise<Map<string, number>>;
  startOne: (index: number) => Promise<unknown>;
  stopOne: (index: number) => Promise<unknown>;
  /** Each server: up (running/ready), down (stopped/failed) or waiting. */
  states: () => Promise<Map<string, ServerState>>;
  /** Each server: whether it is reported stopped. */
  stopped: () => Promise<Map<string, boolean>>;
}): Promise<Omit<PeerSide, 'rssIdleMb'>> {
  const { size } = options;
  // per server, from a step's start until it was done and STRAGGLERS_MS more
  const requestsUntil = async (fromMs: number, doneMs: number) => {
    await sleep(Math.max(0, doneMs + STRAGGLERS_MS - Date.now()));
    return requestsByVerb(
      options.requests(),
      fromMs,
      doneMs + STRAGGLERS_MS,
      size,
    );
  };
  const watch = await watchPodsReady(options.admin, options.namespace);
  try {
    const t0 = Date.now();
    const rejected = new Set<string>();
    const answeredAt: number[] = [];
    await inParallel(Array.from({ length: size }), size, (_, i) =>
      options
        .startOne(i)
        .catch(() => void rejected.add(options.keyOf(i)))
        .finally(() => answeredAt.push(Date.now() - t0)),
    );
    // asked once every request was answered: before, a hub user whose
    // request is still on its way has no server and would look failed (the
    // hub answers a start once the server is up, up to its 10 s
    // slow_spawn_timeout, so the last answer is about when the last was up)
    const reported = await pollUntilSettled(
      async () => {
        // a start the API refused stays as it was: failed, not waiting
        const states = await options.states();
        rejected.forEach(key => states.set(key, 'down'));
        return states;
      },
      size,
      `${options.namespace}: burst start`,
    );
    const failures = reported.failures;
    await watch.waitForReady(size - failures, TIMEOUT_MS);
    const pods = [...watch.readyAt.keys()];
    const podsReadyAt = Math.max(...watch.readyAt.values());
    const startRequests = await requestsUntil(
      t0,
      Math.max(podsReadyAt, reported.lastUpAt),
    );
    const rssRunningMb = await options.rss();
    const timeline = milestones(options.podTimeline(t0));
    const ready = options.podsReady(t0);
    const since = (upAt: Map<string, number>) =>
      summarize(
        [...upAt.entries()].flatMap(([key, at]) => {
          const pod = ready.get(`${options.namespace}/${options.podOf(key)}`);
          return pod ? [at - pod.completedMs] : [];
        }),
      );
    const freshness = {
      polled: since(reported.upAt),
      recorded: options.recordedUpAt
        ? since(await options.recordedUpAt())
        : undefined,
    };
    if (freshness.polled.count === 0) {
      throw new Error(
        `${options.namespace}: no Ready pod matches a server (podOf names other pods)`,
      );
    }

    const t1 = Date.now();
    await inParallel(Array.from({ length: size }), size, (_, i) =>
      options.stopOne(i),
    );
    await watch.waitForDeleted(pods, TIMEOUT_MS);
    const podsGoneAt = Math.max(...pods.map(p => watch.deletedAt.get(p)!));
    const stoppedAt = await pollUntilSettled(
      async () =>
        new Map(
          [...(await options.stopped()).entries()].map(([key, isStopped]) => [
            key,
            isStopped ? 'up' : 'waiting',
          ]),
        ),
      size,
      `${options.namespace}: stop`,
    );
    const stopRequests = await requestsUntil(
      t1,
      Math.max(podsGoneAt, stoppedAt.lastUpAt),
    );
    return {
      podsReadyMs: podsReadyAt - t0,
      reportedMs: reported.lastUpAt - t0,
      failures,
      podsGoneMs: podsGoneAt - t1,
      stoppedReportedMs: stoppedAt.lastUpAt - t1,
      timeline,
      answered: summarize(answeredAt),
      startRequests,
      stopRequests,
      rssRunningMb,
      freshness,
    };
  } finally {
    watch.stop();
  }
}

type ServerState = 'up' | 'down' | 'waiting';

const ourState = (status: string): ServerState => {
  if (status === 'Running') return 'up';
  return status === 'Failed' ? 'down' : 'waiting';
};

/** The hub's server of a user: ready, pending (spawn), or none (failed). */
const hubState = (server: HubServer | undefined): ServerState => {
  if (server?.ready) return 'up';
  return server?.pending ? 'waiting' : 'down';
};

/** Ours: N workspaces of the peer project, created stopped, started and stopped through the API. */
export async function measureOursAtN(
  api: BenchApi,
  admin: KubeConfig,
  cluster: BenchCluster,
  backend: ProductionBackend,
  size: number,
): Promise<PeerSide> {
  const prefix = `n${size}-`;
  const ref = projectRef(peerProject);
  await inParallel(Array.from({ length: size }), 10, (_, i) =>
    api.create(ref, `${prefix}${i}`),
  );
  const mine = (all: ApiWorkspace[]) =>
    all.filter(w => w.name.startsWith(prefix));
  const workspaces = mine(
    await api.waitForProject(
      ref,
      all =>
        mine(all).length === size &&
        mine(all).every(w => w.status === 'Stopped'),
      TIMEOUT_MS,
    ),
  );
  // as the hub's after its warm-up: their volume claims bound (the
  // controller manager binds at its client rate, so a burst right after the
  // creates would wait for it, not for us)
  await claimsBound(admin, peerProject.namespace, prefix, size);
  const rss = () => rssMb(() => backend.rssBytes());
  const rssIdleMb = await rss();
  const statuses = async () =>
    new Map(mine(await api.listProject(ref)).map(w => [w.id, w.status]));
  const names = new Map(workspaces.map(w => [w.id, w.name]));
  const side = await burstSide({
    admin,
    namespace: peerProject.namespace,
    size,
    requests: () => cluster.requestsOf('backstage'),
    rss,
    podsReady: sinceMs => cluster.podsReady(sinceMs),
    podTimeline: sinceMs => cluster.podTimeline(peerProject.namespace, sinceMs),
    keyOf: i => workspaces[i].id,
    podOf: id => podName(names.get(id)!),
    recordedUpAt: async () =>
      new Map(
        mine(await api.listProject(ref))
          .filter(w => w.status === 'Running')
          .map(w => [w.id, Date.parse(w.statusSince)]),
      ),
    startOne: i => api.start(workspaces[i].id),
    stopOne: i => api.stop(workspaces[i].id),
    states: async () =>
      new Map(
        [...(await statuses()).entries()].map(([id, status]) => [
          id,
          ourState(status),
        ]),
      ),
    stopped: async () =>
      new Map(
        [...(await statuses()).entries()].map(([id, status]) => [
          id,
          status === 'Stopped',
        ]),
      ),
  });
  return { ...side, rssIdleMb };
}

/** Until the `ws-<prefix>*` volume claims of a namespace are `count`, all Bound. */
async function claimsBound(
  admin: KubeConfig,
  namespace: string,
  prefix: string,
  count: number,
): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(admin);
  for (const deadline = Date.now() + TIMEOUT_MS; ; ) {
    const claims = (
      await objects.list<V1PersistentVolumeClaim>(
        'v1',
        'PersistentVolumeClaim',
        namespace,
      )
    ).items.filter(claim => claim.metadata?.name?.startsWith(`ws-${prefix}`));
    if (
      claims.length === count &&
      claims.every(claim => claim.status?.phase === 'Bound')
    ) {
      return;
    }
    if (Date.now() > deadline) throw new Error('volume claims not bound');
    await sleep(500);
  }
}

/** The hub's: N users, each started and stopped once (their claims), then the burst. */
export async function measureHubAtN(
  hub: JupyterHub,
  admin: KubeConfig,
  cluster: BenchCluster,
  size: number,
): Promise<PeerSide> {
  const prefix = `n${size}-`;
  const names = Array.from({ length: size }, (_, i) => `${prefix}${i}`);
  await hub.request('POST', '/users', { usernames: names });
  const server = (name: string) => `/users/${encodeURIComponent(name)}/server`;
  const states = async () =>
    new Map(
      [...(await hub.servers(prefix)).entries()].map(([name, s]) => [
        name,
        hubState(s),
      ]),
    );
  const stopped = async () =>
    new Map(
      [...(await hub.servers(prefix)).entries()].map(([name, s]) => [
        name,
        s === undefined,
      ]),
    );
  // warm-up: each user's volume claim, as a workspace's exists after its create
  await inParallel(names, 20, name => hub.request('POST', server(name)));
  await pollUntilSettled(states, size, 'hub warm-up start');
  await inParallel(names, 20, name => hub.request('DELETE', server(name)));
  await pollUntilSettled(
    async () =>
      new Map(
        [...(await stopped()).entries()].map(([k, v]) => [
          k,
          v ? 'up' : 'waiting',
        ]),
      ),
    size,
    'hub warm-up stop',
  );
  const objects = KubernetesObjectApi.makeApiClient(admin);
  for (const deadline = Date.now() + TIMEOUT_MS; ; ) {
    const pods = await objects.list<V1Pod>('v1', 'Pod', HUB_NAMESPACE);
    if (pods.items.length === 0) break;
    if (Date.now() > deadline) throw new Error('hub warm-up: pods left');
    await sleep(500);
  }
  const rssParts = async () => {
    const hubMb: number[] = [];
    const proxyMb: number[] = [];
    for (let i = 0; i < 5; i++) {
      hubMb.push(mb(hub.hubRssBytes()));
      proxyMb.push(mb(hub.proxyRssBytes()));
      await sleep(1000);
    }
    return { hub: median(hubMb), proxy: median(proxyMb) };
  };
  const idle = await rssParts();
  let running = idle;
  const side = await burstSide({
    admin,
    namespace: HUB_NAMESPACE,
    size,
    requests: () => cluster.requestsOf(HUB_NAMESPACE),
    rss: async () => {
      running = await rssParts();
      return running.hub + running.proxy;
    },
    podsReady: sinceMs => cluster.podsReady(sinceMs),
    podTimeline: sinceMs => cluster.podTimeline(HUB_NAMESPACE, sinceMs),
    keyOf: i => names[i],
    // KubeSpawner's pod_name_template, jupyter-{user_server}; these names need no escaping
    podOf: name => `jupyter-${name}`,
    startOne: i => hub.request('POST', server(names[i])),
    stopOne: i => hub.request('DELETE', server(names[i])),
    states,
    stopped,
  });
  return {
    ...side,
    rssIdleMb: idle.hub + idle.proxy,
    rssParts: { idle, running },
  };
}

/** The floor: N bare pods of the same container, created at once, then deleted at once. */
export async function measureBarePodFloor(
  admin: KubeConfig,
  cluster: BenchCluster,
  size: number,
): Promise<PeerFloor> {
  const template =
    sampleManifests(BARE_POD_NAMESPACE).statefulSet.spec!.template.spec!;
  const {
    volumeMounts: _,
    readinessProbe: __,
    ...container
  } = template.containers[0];
  const objects = KubernetesObjectApi.makeApiClient(admin);
  const pod = (i: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bare-${size}-${i}`, namespace: BARE_POD_NAMESPACE },
    spec: {
      securityContext: template.securityContext,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [container],
    },
  });
  const watch = await watchPodsReady(admin, BARE_POD_NAMESPACE);
  try {
    const t0 = Date.now();
    let failures = 0;
    await inParallel(Array.from({ length: size }), size, (_, i) =>
      objects.create(pod(i)).catch(() => void failures++),
    );
    await watch.waitForReady(size - failures, TIMEOUT_MS);
    const names = [...watch.readyAt.keys()];
    const podsReadyMs = Math.max(...watch.readyAt.values()) - t0;
    const timeline = milestones(cluster.podTimeline(BARE_POD_NAMESPACE, t0));
    const t1 = Date.now();
    await inParallel(names, size, name =>
      objects.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: BARE_POD_NAMESPACE },
      }),
    );
    await watch.waitForDeleted(names, TIMEOUT_MS);
    const podsGoneMs =
      Math.max(...names.map(name => watch.deletedAt.get(name)!)) - t1;
    return { podsReadyMs, podsGoneMs, failures, timeline };
  } finally {
    watch.stop();
  }
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mbText = (value: number) => `${Math.round(value)} MB`;

const hubMemory = (hub: PeerSide, when: 'idle' | 'running') => {
  const parts = hub.rssParts?.[when];
  const total = when === 'idle' ? hub.rssIdleMb : hub.rssRunningMb;
  return parts
    ? `${mbText(total)} (hub ${mbText(parts.hub)} + proxy ${mbText(
        parts.proxy,
      )})`
    : mbText(total);
};

const seconds = (value: number) => (value / 1000).toFixed(2);
const timelineText = ({ created, bound, ready }: PodMilestones) =>
  `${seconds(created.p50)} / ${seconds(bound.p50)} / ${seconds(
    ready.p50,
  )} s; ${seconds(created.max)} / ${seconds(bound.max)} / ${seconds(
    ready.max,
  )} s`;

// (a run recorded before the figure existed has none)
const answeredText = (answered?: Summary) =>
  answered ? `${seconds(answered.p50)} s; ${seconds(answered.max)} s` : '-';

/** The rows of the side-by-side table: figure, ours, JupyterHub's, floor. */
export function peerRows(results: PeerResult[]): string[][] {
  const rows: string[][] = [];
  for (const { size, ours, hub, floor } of results) {
    rows.push(
      [
        `burst start, ${size} at once: all pods Ready`,
        ms(ours.podsReadyMs),
        ms(hub.podsReadyMs),
        ms(floor.podsReadyMs),
      ],
      [
        `burst start, ${size} at once: pods created / bound to the node / Ready, median; last (API server's clock)`,
        timelineText(ours.timeline),
        timelineText(hub.timeline),
        timelineText(floor.timeline),
      ],
      [
        `burst start, ${size} at once: start requests answered, median; last`,
        answeredText(ours.answered),
        answeredText(hub.answered),
        '-',
      ],
      [
        `burst start, ${size} at once: all reported Running (ours) / ready (hub)`,
        ms(ours.reportedMs),
        ms(hub.reportedMs),
        '-',
      ],
      [
        `burst start, ${size} at once: failures`,
        String(ours.failures),
        String(hub.failures),
        String(floor.failures),
      ],
      [
        `status freshness p99, ${size} at once: pod Ready -> first seen up by a poll every ${POLL_MS} ms`,
        ms(ours.freshness.polled.p99),
        ms(hub.freshness.polled.p99),
        '-',
      ],
      [
        `status freshness p99, ${size} at once: pod Ready -> Running recorded (statusSince)`,
        ours.freshness.recorded ? ms(ours.freshness.recorded.p99) : '-',
        'not recorded',
        '-',
      ],
      [
        `stop, ${size} at once: all pods gone`,
        ms(ours.podsGoneMs),
        ms(hub.podsGoneMs),
        ms(floor.podsGoneMs),
      ],
      [
        `stop, ${size} at once: all reported stopped`,
        ms(ours.stoppedReportedMs),
        ms(hub.stoppedReportedMs),
        '-',
      ],
      [
        `Kubernetes requests per start (${size} at once)`,
        formatPerVerb(ours.startRequests.byVerb),
        formatPerVerb(hub.startRequests.byVerb),
        'create 1',
      ],
      [
        `Kubernetes requests per stop (${size} at once)`,
        formatPerVerb(ours.stopRequests.byVerb),
        formatPerVerb(hub.stopRequests.byVerb),
        'delete 1',
      ],
      [
        `memory (RSS), before the burst (${size} stopped)`,
        `${mbText(ours.rssIdleMb)} backend`,
        hubMemory(hub, 'idle'),
        '-',
      ],
      [
        `memory (RSS), ${size} running`,
        `${mbText(ours.rssRunningMb)} backend`,
        hubMemory(hub, 'running'),
        '-',
      ],
    );
  }
  return rows;
}

/** Writes (create, update, patch, delete) per server among counted requests. */
const writesOf = (requests: PeerSide['startRequests']) =>
  ['create', 'update', 'patch', 'delete', 'deletecollection'].reduce(
    (sum, verb) => sum + (requests.byVerb[verb] ?? 0),
    0,
  );

/**
 * --check, the goal of issue 22 at each N: ours reports all Running no later
 * than the hub reports all ready and within 1.5x the bare-pod floor, with no
 * failure, status freshness p99 under 1 s, and no more writes per start and
 * per stop than the hub.
 */
export function peerMissed(results: PeerResult[]): string[] {
  return results.flatMap(({ size, ours, hub, floor }) => {
    const missed: string[] = [];
    if (ours.reportedMs > hub.reportedMs) {
      missed.push(
        `${size} at once: all Running after ${ours.reportedMs} ms, JupyterHub's ready after ${hub.reportedMs} ms`,
      );
    }
    if (ours.reportedMs > 1.5 * floor.podsReadyMs) {
      missed.push(
        `${size} at once: all Running after ${ours.reportedMs} ms, past 1.5x the bare-pod floor of ${floor.podsReadyMs} ms`,
      );
    }
    if (ours.stoppedReportedMs > hub.stoppedReportedMs) {
      missed.push(
        `${size} at once: all reported stopped after ${ours.stoppedReportedMs} ms, JupyterHub's after ${hub.stoppedReportedMs} ms`,
      );
    }
    if (ours.failures > 0) {
      missed.push(`${size} at once: ${ours.failures} failures`);
    }
    const freshness = ours.freshness.recorded?.p99 ?? NaN;
    if (!(freshness <= 1000)) {
      missed.push(
        `${size} at once: status freshness p99 ${freshness} ms, past 1 s`,
      );
    }
    for (const step of ['startRequests', 'stopRequests'] as const) {
      const [our, their] = [writesOf(ours[step]), writesOf(hub[step])];
      if (our > their) {
        missed.push(
          `${size} at once: ${our.toFixed(2)} writes per ${
            step === 'startRequests' ? 'start' : 'stop'
          }, JupyterHub ${their.toFixed(2)}`,
        );
      }
    }
    return missed;
  });
}

/** What the chart shows: start (all reported up) and stop (all pods gone) at each N. */
export const peerChartRows = (results: PeerResult[]): PeerChartRow[] =>
  results.map(({ size, ours, hub, floor }) => ({
    size,
    start: {
      ours: ours.reportedMs,
      hub: hub.reportedMs,
      floor: floor.podsReadyMs,
    },
    stop: {
      ours: ours.podsGoneMs,
      hub: hub.podsGoneMs,
      floor: floor.podsGoneMs,
    },
  }));

/**
 * Create to first JupyterLab answer, one at a time: ours through the
 * plugin's tool proxy, the hub's through its proxy (the same JupyterLab, run
 * for real by kube-local in pods of the same size), and the floor: that
 * JupyterLab started directly (bench/tool-first-answer.ts).
 */
export interface PeerFirstAnswer {
  count: number;
  ours: Summary;
  hub: Summary;
  floor: Summary;
}

export const peerFirstAnswerRows = (answer: PeerFirstAnswer): string[][] =>
  (['p50', 'max'] as const).map(stat => [
    `create to first JupyterLab answer through the proxy, ${stat} of ${answer.count} one at a time`,
    ms(answer.ours[stat]),
    ms(answer.hub[stat]),
    `${ms(answer.floor[stat])} (started directly)`,
  ]);

/** --check: our median first answer no later than the hub's. */
export const peerFirstAnswerMissed = (answer: PeerFirstAnswer): string[] =>
  answer.ours.p50 > answer.hub.p50
    ? [
        `first JupyterLab answer p50 ${answer.ours.p50} ms, JupyterHub's ${answer.hub.p50} ms`,
      ]
    : [];
