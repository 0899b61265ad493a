/*
 * Stopped workspaces, both designs side by side (issue 22 item 3): what a
 * stopped workspace keeps in the cluster, and what a start, a stop and a
 * drift-check sweep cost with it. Each design runs the backend's own
 * WorkspaceObjects with the plugin's ServiceAccount, so the audit log counts
 * its requests; the controller manager's writes (the StatefulSet controller,
 * the garbage collector) are counted apart.
 */
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { randomUUID } from 'crypto';
import { createAdminKubeConfig } from '@internal/kube-local';
import {
  WorkspaceObjects,
  workspaceKinds,
} from '../plugins/workspaces-backend/src/kubernetes/WorkspaceObjects';
import { WorkspaceRecord } from '../plugins/workspaces-backend/src/model/records';
import { inParallel } from './lib/benchApi';
import { benchManifests, benchRecord } from './lib/benchManifests';
import { requestsByVerb } from './lib/requestsByVerb';
import { BenchCluster } from './lib/startBenchCluster';
import { watchPodsReady } from './lib/watchPodsReady';

const TIMEOUT_MS = 600_000;

export interface StoppedDesign {
  key: 'volume-claims' | 'keep-workload';
  title: string;
  namespace: string;
}

export const STOPPED_DESIGNS: StoppedDesign[] = [
  {
    key: 'volume-claims',
    title: 'volume claims only (default)',
    namespace: 'bench-stopped-claims',
  },
  {
    key: 'keep-workload',
    title: 'StatefulSet kept at 0 (keepWorkloadWhenStopped)',
    namespace: 'bench-stopped-kept',
  },
];

export interface StoppedDesignResult {
  design: StoppedDesign['key'];
  size: number;
  /** Objects of each kind per stopped workspace, and their JSON bytes. */
  objectsPerStopped: number;
  kindsPerStopped: Record<string, number>;
  bytesPerStopped: number;
  /** Requests per workspace of the plugin (and writes of the controller manager). */
  start: StepCost;
  stop: StepCost;
  /** A sweep whose objects are due for their drift check (nothing trusted), per workspace. */
  driftSweep: { requests: Record<string, number>; msPerWorkspace: number };
}

interface StepCost {
  pluginRequests: Record<string, number>;
  controllerWrites: Record<string, number>;
  /** Until all pods Ready (start) or gone (stop). */
  podsMs: number;
  /** Until the stopped workspaces are down to what they keep (stop). */
  settledMs?: number;
}

/** The objects left in the namespace, by kind, and their size as served. */
async function inventory(objects: KubernetesObjectApi, namespace: string) {
  const kinds: Record<string, number> = {};
  let bytes = 0;
  let total = 0;
  for (const { apiVersion, kind } of workspaceKinds) {
    const { items } = await objects.list(apiVersion, kind, namespace);
    const ours = items.filter(
      item =>
        item.metadata?.labels?.['app.kubernetes.io/managed-by'] ===
        'backstage-workspaces',
    );
    if (ours.length === 0) continue;
    kinds[kind] = ours.length;
    total += ours.length;
    bytes += ours.reduce((sum, item) => sum + JSON.stringify(item).length, 0);
  }
  return { kinds, total, bytes };
}

/**
 * What the reconciler does for one workspace of each design (see
 * WorkspaceReconciler: applyStopped and applyAll).
 */
async function converge(
  objects: WorkspaceObjects,
  design: StoppedDesign['key'],
  record: WorkspaceRecord,
  runId?: string,
): Promise<void> {
  const build = (ownerUid?: string) => benchManifests(record, runId, ownerUid);
  if (record.desiredState === 'Stopped' && design === 'volume-claims') {
    await objects.applyEach(build().volumeClaims);
    const workload = await objects.read(build().statefulSet);
    if (workload) await objects.delete(workload);
    return;
  }
  await objects.applyAll(build, { keepRunningPod: false });
}

export async function measureStoppedDesign(
  cluster: BenchCluster,
  design: StoppedDesign,
  size: number,
): Promise<StoppedDesignResult> {
  const { namespace } = design;
  const admin = createAdminKubeConfig(cluster.kube);
  const plugin: KubeConfig = createAdminKubeConfig({
    ...cluster.kube,
    token: cluster.pluginToken,
  });
  const adminObjects = KubernetesObjectApi.makeApiClient(admin);
  const records = Array.from({ length: size }, (_, i) =>
    benchRecord({
      id: randomUUID(),
      name: `${design.key}-${i}`,
      projectRef: `system:default/${namespace}`,
      namespace,
      desiredState: 'Stopped',
      status: 'Stopped',
    }),
  );
  const inNamespace = <T extends { namespace?: string }>(list: T[]) =>
    list.filter(request => request.namespace === namespace);
  const cost = (fromMs: number, toMs: number) => ({
    pluginRequests: requestsByVerb(
      inNamespace(cluster.requestsOf('backstage')),
      fromMs,
      toMs,
      size,
    ).byResource,
    controllerWrites: requestsByVerb(
      inNamespace(cluster.controllerWrites()),
      fromMs,
      toMs,
      size,
    ).byResource,
  });
  // a stopped workspace as after its create
  let objects = new WorkspaceObjects(plugin);
  await inParallel(records, 20, record =>
    converge(objects, design.key, record),
  );
  const kept = await waitForInventory(adminObjects, namespace, size, design);

  // the sweep once every object is due for its read-back
  objects = new WorkspaceObjects(plugin);
  const sweepFrom = Date.now();
  await inParallel(records, 10, record =>
    converge(objects, design.key, record),
  );
  const sweepTo = Date.now();
  await settleAudit();
  const sweepRequests = cost(sweepFrom, sweepTo).pluginRequests;

  const watch = await watchPodsReady(admin, namespace);
  try {
    const runIds = new Map(records.map(r => [r.id, randomUUID()]));
    const startFrom = Date.now();
    await inParallel(records, size, record =>
      converge(
        objects,
        design.key,
        { ...record, desiredState: 'Running' },
        runIds.get(record.id),
      ),
    );
    await watch.waitForReady(size, TIMEOUT_MS);
    const startTo = Date.now();
    const names = [...watch.readyAt.keys()];

    const stopFrom = Date.now();
    await inParallel(records, size, record =>
      converge(objects, design.key, record),
    );
    await watch.waitForDeleted(names, TIMEOUT_MS);
    const podsGone = Date.now();
    await waitForInventory(adminObjects, namespace, size, design);
    const stopTo = Date.now();
    await settleAudit();
    return {
      design: design.key,
      size,
      objectsPerStopped: kept.total / size,
      kindsPerStopped: Object.fromEntries(
        Object.entries(kept.kinds).map(([kind, n]) => [kind, n / size]),
      ),
      bytesPerStopped: kept.bytes / size,
      start: {
        ...cost(startFrom, startTo),
        podsMs: Math.max(...watch.readyAt.values()) - startFrom,
      },
      stop: {
        ...cost(stopFrom, stopTo),
        podsMs: podsGone - stopFrom,
        settledMs: stopTo - stopFrom,
      },
      driftSweep: {
        requests: sweepRequests,
        msPerWorkspace: (sweepTo - sweepFrom) / size,
      },
    };
  } finally {
    watch.stop();
  }
}

/** The audit log is written a moment after each request completes. */
const settleAudit = () => new Promise(resolve => setTimeout(resolve, 2000));

/** Until the namespace holds what a stopped workspace of the design keeps. */
async function waitForInventory(
  objects: KubernetesObjectApi,
  namespace: string,
  size: number,
  design: StoppedDesign,
) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const found = await inventory(objects, namespace);
    const claims = found.kinds.PersistentVolumeClaim ?? 0;
    const settled =
      claims === size &&
      !found.kinds.Pod &&
      (design.key === 'keep-workload' || Object.keys(found.kinds).length === 1);
    if (settled) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `${namespace}: stopped workspaces still hold ${JSON.stringify(
          found.kinds,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

const per = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${key} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
    .join(', ') || 'none';

const writesOnly = (counts: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(counts).filter(([key]) => !/^(get|list) /.test(key)),
  );

/** One row per figure, one column per design. */
export function stoppedDesignRows(results: StoppedDesignResult[]): string[][] {
  const row = (figure: string, value: (r: StoppedDesignResult) => string) => [
    figure,
    ...results.map(value),
  ];
  const sum = (counts: Record<string, number>) =>
    Object.values(counts).reduce((a, b) => a + b, 0);
  return [
    ['stopped workspaces', ...STOPPED_DESIGNS.map(design => design.title)],
    row('objects per stopped workspace', r => `${r.objectsPerStopped}`),
    row('kinds', r => per(r.kindsPerStopped)),
    row(
      'bytes per stopped workspace (JSON as served)',
      r => `${Math.round(r.bytesPerStopped)}`,
    ),
    row(
      'plugin writes per start',
      r =>
        `${sum(writesOnly(r.start.pluginRequests))} (${per(
          writesOnly(r.start.pluginRequests),
        )})`,
    ),
    row(
      'plugin writes per stop',
      r =>
        `${sum(writesOnly(r.stop.pluginRequests))} (${per(
          writesOnly(r.stop.pluginRequests),
        )})`,
    ),
    row(
      'controller-manager writes per start',
      r =>
        `${sum(r.start.controllerWrites).toFixed(1)} (${per(
          r.start.controllerWrites,
        )})`,
    ),
    row(
      'controller-manager writes per stop',
      r =>
        `${sum(r.stop.controllerWrites).toFixed(1)} (${per(
          r.stop.controllerWrites,
        )})`,
    ),
    row(
      (results[0]?.size ?? 0) + ' started at once: all pods Ready',
      r => `${(r.start.podsMs / 1000).toFixed(1)} s`,
    ),
    row(
      (results[0]?.size ?? 0) + ' stopped at once: pods gone / objects settled',
      r =>
        `${(r.stop.podsMs / 1000).toFixed(1)} s / ${(
          r.stop.settledMs! / 1000
        ).toFixed(1)} s`,
    ),
    row(
      'drift-check sweep: requests, time per stopped workspace',
      r =>
        `${sum(r.driftSweep.requests).toFixed(1)} (${per(
          r.driftSweep.requests,
        )}), ${r.driftSweep.msPerWorkspace.toFixed(1)} ms`,
    ),
  ];
}
