/*
 * Status freshness: from a pod turning Ready in the cluster (the node's
 * status write, from the API server's audit log) to Running in our API (the
 * workspace's statusSince), next to the floor: the same pods' Ready event
 * reaching a bare client-node watcher.
 */
import { ApiWorkspace } from './lib/benchApi';
import { PodReady } from './lib/startBenchCluster';
import { summarize } from './lib/stats';
import { podName } from './burst-start';

export function measureStatusFreshness(
  namespace: string,
  running: ApiWorkspace[],
  podsReady: Map<string, PodReady>,
  watcherReadyAt: Map<string, number>,
) {
  const product: number[] = [];
  const floor: number[] = [];
  for (const workspace of running) {
    const pod = podName(workspace.name);
    const ready = podsReady.get(`${namespace}/${pod}`);
    const seen = watcherReadyAt.get(pod);
    if (!ready || seen === undefined) continue;
    product.push(Date.parse(workspace.statusSince) - ready.completedMs);
    floor.push(seen - ready.completedMs);
  }
  return { product: summarize(product), floor: summarize(floor) };
}
