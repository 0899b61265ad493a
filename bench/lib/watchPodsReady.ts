import { CoreV1Api, KubeConfig, V1Pod, Watch } from '@kubernetes/client-node';

/** Waiting this long without a change, the state is listed once. */
const STALL_MS = 10_000;

/**
 * A bare client-node watch on the pods of a namespace: when each pod was
 * first seen Ready, and when each was seen deleted. Nothing else runs in the
 * handler, so this is the floor of how fast a pod change can reach a client.
 */
export async function watchPodsReady(
  kubeConfig: KubeConfig,
  namespace: string,
) {
  const readyAt = new Map<string, number>();
  const deletedAt = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach(w => w());
  const isReady = (pod: V1Pod) =>
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    );
  const seen = (type: string, pod: V1Pod) => {
    const now = Date.now();
    const name = pod.metadata!.name!;
    if (type === 'DELETED') {
      deletedAt.set(name, now);
      wake();
      return;
    }
    if (isReady(pod) && !readyAt.has(name)) {
      readyAt.set(name, now);
      wake();
    }
  };
  const core = kubeConfig.makeApiClient(CoreV1Api);
  /**
   * What the pods are now, from a list: Ready ones not seen yet are seen
   * now, and one seen Ready that is gone counts as deleted now.
   */
  const catchUp = async () => {
    const list = await core.listNamespacedPod({ namespace });
    const present = new Set(list.items.map(pod => pod.metadata!.name!));
    for (const name of readyAt.keys()) {
      if (!present.has(name) && !deletedAt.has(name)) {
        deletedAt.set(name, Date.now());
      }
    }
    list.items.forEach(pod => seen('ADDED', pod));
    wake();
    return list.metadata?.resourceVersion;
  };
  let stopped = false;
  let request: { abort(): void } | undefined;
  // A watch the API server ends (or that fails) starts again after a list,
  // instead of waiting for events that will never come.
  const follow = async (): Promise<void> => {
    const resourceVersion = await catchUp();
    if (stopped) return;
    request = await new Watch(kubeConfig).watch(
      `/api/v1/namespaces/${namespace}/pods`,
      { resourceVersion },
      seen,
      () => {
        if (stopped) return;
        const again = (): void =>
          void follow().catch(() => setTimeout(again, 500));
        again();
      },
    );
  };
  await follow();
  const waitUntil = async (
    done: () => boolean,
    timeoutMs: number,
    what: () => string,
  ) => {
    const deadline = Date.now() + timeoutMs;
    let progress = what();
    let changedAt = Date.now();
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error(`${namespace}: ${what()} in time`);
      }
      if (what() !== progress) {
        [progress, changedAt] = [what(), Date.now()];
      } else if (Date.now() - changedAt > STALL_MS) {
        // a watch that went quiet without ending: the list says what is,
        // and the figure is late by what it finds (said, not hidden)
        const before = readyAt.size + deletedAt.size;
        await catchUp().catch(() => undefined);
        const late = readyAt.size + deletedAt.size - before;
        if (late > 0) {
          console.warn(
            `${namespace}: the pod watch was quiet for ${STALL_MS} ms; a list found ${late} changes it had not delivered (their times are the list's)`,
          );
        }
        changedAt = Date.now();
      }
      await new Promise<void>(wake => {
        waiters.push(wake);
        setTimeout(wake, 1000);
      });
    }
  };
  return {
    readyAt,
    deletedAt,
    /** Resolves once `count` pods were seen Ready. */
    waitForReady: (count: number, timeoutMs: number) =>
      waitUntil(
        () => readyAt.size >= count,
        timeoutMs,
        () => `${readyAt.size} of ${count} pods Ready`,
      ),
    /** Resolves once each of the pods `names` was seen deleted. */
    waitForDeleted: (names: string[], timeoutMs: number) =>
      waitUntil(
        () => names.every(name => deletedAt.has(name)),
        timeoutMs,
        () =>
          `${names.filter(name => deletedAt.has(name)).length} of ${
            names.length
          } pods deleted`,
      ),
    stop: () => {
      stopped = true;
      request?.abort();
    },
  };
}
