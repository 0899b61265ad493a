import {
  createAdminKubeConfig,
  KubeLocalConnection,
} from '@internal/kube-local';
import { Watch } from '@kubernetes/client-node';
import { waitUntil } from '../../__testUtils__/waitUntil';

/**
 * Counts the pods that match `labelSelector` in a namespace: how many the
 * cluster holds now, and the most it held at once. A watch that ends or
 * reports an error before `stop` is dead, and its counts would stop at what
 * it saw: `check` and `until` fail then.
 */
export async function watchPodCounts(
  kube: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
  namespace: string,
  labelSelector: string,
) {
  const live = new Set<string>();
  const seen = { most: 0, dead: undefined as string | undefined };
  let stopped = false;
  const watch = await new Watch(createAdminKubeConfig(kube)).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector },
    (phase, pod) => {
      if (phase === 'ERROR') {
        seen.dead ??= `the watch reported ${JSON.stringify(pod)}`;
        return;
      }
      if (phase === 'DELETED') live.delete(pod.metadata.uid);
      else live.add(pod.metadata.uid);
      seen.most = Math.max(seen.most, live.size);
    },
    error => {
      if (!stopped) seen.dead ??= `the watch ended: ${error ?? 'closed'}`;
    },
  );
  const check = () => {
    if (seen.dead)
      throw new Error(`pod watch of ${labelSelector}: ${seen.dead}`);
  };
  return {
    seen,
    live,
    /** Throws if the watch died before now. */
    check,
    /** Waits until the watch shows exactly `count` pods; throws if it died. */
    async until(count: number, what: string) {
      await waitUntil(
        `${what} to have ${count} pod(s) in the watch`,
        async () => {
          check();
          return { done: live.size === count, value: [...live] };
        },
        60_000,
      );
    },
    stop() {
      stopped = true;
      watch.abort();
    },
  };
}
