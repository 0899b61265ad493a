import { KubeConfig, V1Pod, Watch } from '@kubernetes/client-node';

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
  const request = await new Watch(kubeConfig).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    {},
    (type: string, pod: V1Pod) => {
      const now = Date.now();
      const name = pod.metadata!.name!;
      if (type === 'DELETED') {
        deletedAt.set(name, now);
        waiters.splice(0).forEach(wake => wake());
        return;
      }
      const ready = pod.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      if (ready && !readyAt.has(name)) {
        readyAt.set(name, now);
        waiters.splice(0).forEach(wake => wake());
      }
    },
    () => undefined,
  );
  const waitUntil = async (
    done: () => boolean,
    timeoutMs: number,
    what: () => string,
  ) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error(`${namespace}: ${what()} in time`);
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
    stop: () => request.abort(),
  };
}
