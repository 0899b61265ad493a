import { KubeConfig, V1Pod, Watch } from '@kubernetes/client-node';

/**
 * A bare client-node watch on the pods of a namespace: when each pod was
 * first seen Ready. Nothing else runs in the handler, so this is the floor
 * of how fast a pod change can reach a client.
 */
export async function watchPodsReady(
  kubeConfig: KubeConfig,
  namespace: string,
) {
  const readyAt = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const request = await new Watch(kubeConfig).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    {},
    (_type: string, pod: V1Pod) => {
      const now = Date.now();
      const name = pod.metadata!.name!;
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
  return {
    readyAt,
    /** Resolves once `count` pods were seen Ready. */
    async waitForReady(count: number, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (readyAt.size < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `${namespace}: ${readyAt.size} of ${count} pods Ready in time`,
          );
        }
        await new Promise<void>(wake => {
          waiters.push(wake);
          setTimeout(wake, 1000);
        });
      }
    },
    stop: () => request.abort(),
  };
}
