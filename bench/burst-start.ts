/*
 * Burst start: N workspaces started at once through the API until all are
 * Running, next to the floor: the same objects applied directly with
 * client-node, at the same concurrency, until their pods are Ready.
 * Both start from stopped workspaces of which only the volume claims exist,
 * as after a create: a start applies the StatefulSet and what it owns, or
 * with the workload `Pod` the NetworkPolicy and the pod (the floor follows
 * the backend's workload of the run).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'crypto';
import { objectName } from '../plugins/workspaces-backend/src/kubernetes/labels';
import {
  WorkloadKind,
  WorkspaceManifests,
} from '../plugins/workspaces-backend/src/kubernetes/buildWorkspaceManifests';
import { WorkspaceObjects } from '../plugins/workspaces-backend/src/kubernetes/WorkspaceObjects';
import { ApiWorkspace, BenchApi, inParallel } from './lib/benchApi';
import { benchManifests, benchRecord } from './lib/benchManifests';
import { burstProject, FLOOR_NAMESPACE, projectRef } from './lib/benchProjects';
import { watchPodsReady } from './lib/watchPodsReady';

const TIMEOUT_MS = 600_000;

/** Milliseconds from the burst's start to each workspace being Running, sorted. */
export interface BurstResult {
  size: number;
  totalMs: number;
  curveMs: number[];
  failures: number;
}

export const podName = (workspaceName: string) =>
  `${objectName('ws', workspaceName)}-0`;

/** Every object of a running workspace, one server-side apply each, in the backend's order. */
async function applyEach(
  objects: WorkspaceObjects,
  build: (ownerUid?: string) => WorkspaceManifests,
) {
  const first = build();
  for (const claim of first.volumeClaims) {
    await objects.apply(claim);
  }
  if (first.pod) {
    await objects.apply(first.networkPolicy);
    await objects.apply(first.pod);
    return;
  }
  const statefulSet = await objects.apply(first.statefulSet);
  const owned = build(statefulSet.metadata!.uid);
  await objects.apply(owned.networkPolicy);
}

export async function measureBurstFloor(
  adminKubeConfig: KubeConfig,
  size: number,
  workload: WorkloadKind,
): Promise<BurstResult> {
  const objects = new WorkspaceObjects(adminKubeConfig);
  const records = Array.from({ length: size }, (_, i) =>
    benchRecord({
      id: randomUUID(),
      name: `floor-${i}`,
      projectRef: 'system:default/bench-floor',
      namespace: FLOOR_NAMESPACE,
      desiredState: 'Stopped',
      status: 'Stopped',
    }),
  );
  await inParallel(records, size, async record => {
    for (const claim of benchManifests(record).volumeClaims) {
      await objects.apply(claim);
    }
  });
  const runIds = new Map(records.map(r => [r.id, randomUUID()]));
  const watch = await watchPodsReady(adminKubeConfig, FLOOR_NAMESPACE);
  const t0 = Date.now();
  let failures = 0;
  await inParallel(records, size, record =>
    applyEach(objects, uid =>
      benchManifests(
        { ...record, desiredState: 'Running' },
        runIds.get(record.id),
        uid,
        workload,
      ),
    ).catch(() => void failures++),
  );
  await watch.waitForReady(size - failures, TIMEOUT_MS);
  watch.stop();
  const curveMs = [...watch.readyAt.values()]
    .map(t => t - t0)
    .sort((a, b) => a - b);
  return { size, totalMs: curveMs[curveMs.length - 1], curveMs, failures };
}

/** Creates the burst's workspaces, stopped, and waits until their objects exist. */
export async function createBurstWorkspaces(
  api: BenchApi,
  size: number,
): Promise<ApiWorkspace[]> {
  const ref = projectRef(burstProject);
  await inParallel(Array.from({ length: size }), 10, (_, i) =>
    api.create(ref, `burst-${i}`),
  );
  return api.waitForProject(
    ref,
    all => all.length === size && all.every(w => w.status === 'Stopped'),
    TIMEOUT_MS,
  );
}

export async function measureBurstStart(
  api: BenchApi,
  workspaces: ApiWorkspace[],
): Promise<BurstResult & { running: ApiWorkspace[] }> {
  const t0 = Date.now();
  await inParallel(workspaces, workspaces.length, w => api.start(w.id));
  const settled = await api.waitForProject(
    projectRef(burstProject),
    all => all.every(w => w.status === 'Running' || w.status === 'Failed'),
    TIMEOUT_MS,
  );
  const running = settled.filter(w => w.status === 'Running');
  const curveMs = running
    .map(w => Date.parse(w.statusSince) - t0)
    .sort((a, b) => a - b);
  return {
    size: workspaces.length,
    totalMs: curveMs[curveMs.length - 1],
    curveMs,
    failures: settled.length - running.length,
    running,
  };
}
