/*
 * Logs follow for many workspaces at once (issue 20): the backend's RSS
 * growth and event-loop delay (p99) while it serves that many follow
 * streams, next to the floor of the same streams followed directly with
 * client-node in a process of its own, measured the same way.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { fork } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LOG_LIMIT_BYTES } from '../plugins/workspaces-backend/src/router/readLogsQuery';
import { WORKSPACE_ID_LABEL } from '../plugins/workspaces-backend/src/kubernetes/labels';
import { ApiWorkspace, BenchApi, inParallel } from './lib/benchApi';
import { economyProject, projectRef } from './lib/benchProjects';
import {
  EVENT_LOOP_PROBE,
  EventLoopDelay,
  readEventLoopDelay,
} from './lib/eventLoopDelay';
import { rssBytesOf } from './lib/processRss';
import { Figure } from './lib/figureTable';
import { median } from './lib/stats';

/**
 * The environment of bench/app-config.yaml whose pods kube-local runs for
 * real: a Python process that writes 10 log lines a second (and listens on
 * its tool's port, which the readiness probe checks).
 */
export const LOG_WRITER = 'log-writer';
/** How long the streams are followed while memory and delay are measured. */
export const LOGS_FOLLOW_WINDOW_MS = 30_000;
/**
 * Rounds of floor then ours, over the same log writers and processes. The
 * first burst of streams is what the goal is about: both processes reserve
 * memory for it. The later ones show whether that memory is reused (it
 * should be: a leak would grow each round).
 */
export const LOGS_FOLLOW_ROUNDS = 3;
const TAIL_LINES = 1000;
const PREFIX = 'logs-';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const mb = (bytes: number) => bytes / 2 ** 20;

type FloorPod = { namespace: string; name: string; container: string };

/** What the bench sends the floor's process (logs-follow-floor.mjs). */
type FloorCommand =
  | { type: 'warm'; kubeConfig: string; pods: FloorPod[] }
  | { type: 'follow'; pods: FloorPod[]; tailLines: number; limitBytes: number }
  | { type: 'bytes' }
  | { type: 'unfollow' }
  | { type: 'stop' };

/** What it answers. */
type FloorAnswer =
  | { type: 'ready' | 'warm' | 'following' | 'unfollowed' }
  | { type: 'bytes'; bytes: number[] };

/** What one side measured over the window. */
export interface FollowCost {
  /**
   * RSS in MB: settled after a full collection; over the second half of a
   * window as long as the streams', with no stream open (the process's own
   * activity: the backend's sweeps and scheduled tasks fill its heap again
   * after the collection, the floor's process has none); over the second
   * half of the streams' window. The growth is the streams' window against
   * the idle one.
   */
  rssCollectedMb: number;
  rssBeforeMb: number;
  rssDuringMb: number;
  rssGrowthMb: number;
  /** Each second's RSS, in MB: while settling, idle, and during the window. */
  rssSeriesMb: { settling: number[]; idle: number[]; during: number[] };
  /** Heap and off-heap memory after a collection, before and after the window (MB). */
  memory: { before: Record<string, number>; after: Record<string, number> };
  /** Event-loop delay from the opening of the streams to the window's end. */
  delay: EventLoopDelay;
  /** Bytes each stream brought during the window (after what it had opened with). */
  windowBytes: number[];
}

/** Creates and starts the log writers, and waits until all are Running. */
export async function startLogWriters(
  api: BenchApi,
  count: number,
): Promise<ApiWorkspace[]> {
  await inParallel(Array.from({ length: count }), 10, (_, i) =>
    api.request('POST', '/workspaces', {
      project: projectRef(economyProject),
      name: `${PREFIX}${i}`,
      environment: LOG_WRITER,
      compute: { preset: 'tiny' },
      dataSources: [],
      start: true,
    }),
  );
  const all = await api.waitForProject(
    projectRef(economyProject),
    workspaces => {
      const writers = workspaces.filter(w => w.name.startsWith(PREFIX));
      return (
        writers.length === count && writers.every(w => w.status === 'Running')
      );
    },
    600_000,
  );
  return all.filter(w => w.name.startsWith(PREFIX));
}

/** Deletes the log writers and waits until they are gone. */
export async function deleteLogWriters(api: BenchApi, writers: ApiWorkspace[]) {
  await inParallel(writers, 10, async w => {
    await api.delete(w.id);
    while (await api.get(w.id)) await sleep(500);
  });
}

/** Seconds of RSS within 1 MB that count as settled. */
const SETTLED_SAMPLES = 5;

/**
 * V8 gives memory back for a while after a full collection (its memory
 * reducer): the floor's RSS fell 11 MB ten seconds after it looked settled.
 */
const MIN_SETTLING_SECONDS = 30;

/**
 * The RSS of process `pid` each second, for at least
 * {@link MIN_SETTLING_SECONDS} and until the last {@link SETTLED_SAMPLES}
 * are within 1 MB of each other (at most 120 s).
 */
async function settledRss(pid: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 120; i++) {
    await sleep(1000);
    samples.push(rssBytesOf(pid));
    const last = samples.slice(-SETTLED_SAMPLES);
    if (
      samples.length >= MIN_SETTLING_SECONDS &&
      last.length === SETTLED_SAMPLES &&
      Math.max(...last) - Math.min(...last) <= 2 ** 20
    ) {
      break;
    }
  }
  return samples;
}

/** The RSS of process `pid` each second for {@link LOGS_FOLLOW_WINDOW_MS}. */
async function rssOverWindow(pid: number): Promise<number[]> {
  const samples: number[] = [];
  for (let t = 0; t < LOGS_FOLLOW_WINDOW_MS; t += 1000) {
    await sleep(1000);
    samples.push(rssBytesOf(pid));
  }
  return samples;
}

/** The median of a window's second half, in MB. */
const secondHalfMb = (samples: number[]) =>
  mb(median(samples.slice(Math.floor(samples.length / 2))));

/**
 * RSS and event-loop delay of process `pid` (its probe answering in
 * `probeDir`) before and while `follow` keeps its streams open; `bytes`
 * tells what each stream has brought so far. RSS before: the median of the
 * second half of an idle window, after a full collection and settling;
 * during: the median of the streams' window's second half.
 */
async function measureWhileFollowing(
  pid: number,
  probeDir: string,
  steps: {
    /** One whole read of a log, so that its code is loaded before the baseline. */
    warm: () => Promise<void>;
    follow: () => Promise<void>;
    bytes: () => Promise<number[]>;
  },
): Promise<FollowCost> {
  const { warm, follow, bytes } = steps;
  await warm();
  // memory from a collected, settled start: what the streams add, not the
  // garbage the process had (the floor's start-up, the backend's past work)
  // nor what V8 gives back in the seconds after a collection
  const { memory: memoryBefore } = await readEventLoopDelay(probeDir, {
    collect: true,
  });
  const settling = await settledRss(pid);
  const idle = await rssOverWindow(pid);
  await readEventLoopDelay(probeDir); // the window begins
  await follow();
  const opened = await bytes();
  const during = await rssOverWindow(pid);
  const delay = await readEventLoopDelay(probeDir);
  const { memory: memoryAfter } = await readEventLoopDelay(probeDir, {
    collect: true,
  });
  const closing = await bytes();
  const windowBytes = closing.map((b, i) => b - opened[i]);
  const stalled = windowBytes.filter(b => b <= 0).length;
  if (stalled > 0) {
    throw new Error(
      `${stalled} of ${windowBytes.length} followed logs brought no new line in ${LOGS_FOLLOW_WINDOW_MS} ms`,
    );
  }
  const rssBeforeMb = secondHalfMb(idle);
  const rssDuringMb = secondHalfMb(during);
  return {
    rssCollectedMb: mb(median(settling.slice(-SETTLED_SAMPLES))),
    rssBeforeMb,
    rssDuringMb,
    rssGrowthMb: rssDuringMb - rssBeforeMb,
    rssSeriesMb: {
      settling: settling.map(mb),
      idle: idle.map(mb),
      during: during.map(mb),
    },
    memory: { before: memoryBefore ?? {}, after: memoryAfter ?? {} },
    delay,
    windowBytes,
  };
}

/** The pods of the workspaces, as the floor follows them. */
async function podsOf(admin: KubeConfig, writers: ApiWorkspace[]) {
  const core = admin.makeApiClient(CoreV1Api);
  return Promise.all(
    writers.map(async w => {
      const { items } = await core.listNamespacedPod({
        namespace: economyProject.namespace,
        labelSelector: `${WORKSPACE_ID_LABEL}=${w.id}`,
      });
      const pod = items.find(p => !p.metadata?.deletionTimestamp);
      if (!pod) throw new Error(`Workspace ${w.name} has no pod`);
      return {
        namespace: economyProject.namespace,
        name: pod.metadata!.name!,
        container: 'workspace',
      };
    }),
  );
}

/**
 * The floor: client-node's Log class in a process of its own, kept for
 * every round as the backend is, so that both pay for their first burst of
 * streams in the first round and reuse that memory in the later ones.
 */
async function startFloor(admin: KubeConfig, writers: ApiWorkspace[]) {
  const pods = await podsOf(admin, writers);
  const probeDir = mkdtempSync(join(tmpdir(), 'bench-logs-floor-'));
  const child = fork(join(__dirname, 'logs-follow-floor.mjs'), [], {
    execArgv: ['--expose-gc', '--require', EVENT_LOOP_PROBE],
    // no TypeScript loader (NODE_OPTIONS) in the floor's memory
    env: { ...process.env, NODE_OPTIONS: '', EVENT_LOOP_PROBE_DIR: probeDir },
  });
  const answers: FloorAnswer[] = [];
  let wake = () => {};
  child.on('message', (answer: FloorAnswer) => {
    answers.push(answer);
    wake();
  });
  const next = async (type: FloorAnswer['type']) => {
    for (const deadline = Date.now() + 120_000; ; ) {
      const i = answers.findIndex(a => a.type === type);
      if (i >= 0) return answers.splice(i, 1)[0];
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`The logs-follow floor did not answer ${type}`);
      }
      await new Promise<void>(r => {
        wake = r;
        setTimeout(r, 1000);
      });
    }
  };
  const send = (command: FloorCommand) => child.send(command);
  await next('ready');
  return {
    /** One round: the streams opened, measured, and closed again. */
    measure: async (): Promise<FollowCost> => {
      const cost = await measureWhileFollowing(child.pid!, probeDir, {
        warm: async () => {
          send({ type: 'warm', kubeConfig: admin.exportConfig(), pods });
          await next('warm');
        },
        follow: async () => {
          send({
            type: 'follow',
            pods,
            tailLines: TAIL_LINES,
            limitBytes: LOG_LIMIT_BYTES,
          });
          await next('following');
        },
        bytes: async () => {
          send({ type: 'bytes' });
          const answer = await next('bytes');
          return answer.type === 'bytes' ? [...answer.bytes] : [];
        },
      });
      send({ type: 'unfollow' });
      await next('unfollowed');
      return cost;
    },
    stop: async () => {
      if (child.exitCode === null) {
        send({ type: 'stop' });
        await new Promise(r => child.once('exit', r));
      }
      rmSync(probeDir, { recursive: true, force: true });
    },
  };
}

/** Ours: the same logs followed through the backend's API. */
async function measureProduct(
  api: BenchApi,
  backend: { pid: number; dir: string },
  writers: ApiWorkspace[],
): Promise<FollowCost> {
  const controller = new AbortController();
  const received = writers.map(() => 0);
  const reading: Promise<void>[] = [];
  try {
    return await measureWhileFollowing(backend.pid, backend.dir, {
      warm: async () => {
        const response = await api.open(
          `/workspaces/${writers[0].id}/logs?tail=1`,
          controller.signal,
        );
        await response.text();
      },
      follow: async () => {
        await Promise.all(
          writers.map(async (w, i) => {
            const response = await api.open(
              `/workspaces/${w.id}/logs?follow=true&tail=${TAIL_LINES}`,
              controller.signal,
            );
            const reader = response.body!.getReader();
            reading.push(
              (async () => {
                for (;;) {
                  const { done, value } = await reader.read();
                  if (done) return;
                  received[i] += value.length;
                }
              })().catch(() => undefined),
            );
          }),
        );
      },
      bytes: async () => [...received],
    });
  } finally {
    controller.abort();
    await Promise.all(reading);
  }
}

/** Each round's cost, floor and ours. */
export type LogsFollowRounds = { product: FollowCost[]; floor: FollowCost[] };

/**
 * {@link LOGS_FOLLOW_ROUNDS} rounds over the same running log writers,
 * each the floor first, then ours.
 */
export async function measureLogsFollow(
  api: BenchApi,
  admin: KubeConfig,
  backend: { pid: number; dir: string },
  writers: ApiWorkspace[],
): Promise<LogsFollowRounds> {
  const rounds: LogsFollowRounds = { product: [], floor: [] };
  const floor = await startFloor(admin, writers);
  try {
    for (let round = 0; round < LOGS_FOLLOW_ROUNDS; round++) {
      rounds.floor.push(await floor.measure());
      rounds.product.push(await measureProduct(api, backend, writers));
    }
  } finally {
    await floor.stop();
  }
  return rounds;
}

/**
 * The figures of the table: the first burst's memory against the floor's,
 * the later bursts' (median) against a small bound, and the worst round's
 * event-loop delay against its goal.
 */
export function logsFollowFigures(
  count: number,
  rounds: LogsFollowRounds,
): Figure[] {
  const [firstOurs, ...laterOurs] = rounds.product;
  const [firstFloor, ...laterFloor] = rounds.floor;
  const growth = (costs: FollowCost[]) => median(costs.map(c => c.rssGrowthMb));
  const worstP99 = (costs: FollowCost[]) =>
    Math.max(...costs.map(c => c.delay.p99));
  return [
    {
      figure: `logs follow, ${count} at once, first burst: RSS growth`,
      value: firstOurs.rssGrowthMb,
      floor: firstFloor.rssGrowthMb,
      unit: 'MB',
      target: '< 1.5x floor',
      met: firstOurs.rssGrowthMb < 1.5 * firstFloor.rssGrowthMb,
    },
    {
      figure: `logs follow, ${count} at once, ${laterOurs.length} bursts more (median): RSS growth`,
      value: growth(laterOurs),
      floor: growth(laterFloor),
      unit: 'MB',
      target: '< 1 MB (reused)',
      met: growth(laterOurs) < 1,
    },
    {
      figure: `logs follow, ${count} at once: event-loop delay p99 (worst burst)`,
      value: worstP99(rounds.product),
      floor: worstP99(rounds.floor),
      unit: 'ms',
      target: 'p99 < 50 ms',
      met: worstP99(rounds.product) < 50,
    },
  ];
}
