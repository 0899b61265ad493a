import { KubeConfig, KubernetesObject, Watch } from '@kubernetes/client-node';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Waiter<T> {
  predicate: (type: WatchEventType, object: T) => boolean;
  resolve: (object: T) => void;
  reject: (error: Error) => void;
}

/**
 * Starts a Watch and records its events, so a test can wait for a condition
 * with a timeout instead of sleeping, without missing events that arrive
 * before it asks. A watch without resourceVersion first replays every
 * existing object as ADDED, so the current state is never missed either.
 */
export async function recordWatch<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string> = {},
) {
  const events: Array<{ type: WatchEventType; object: T }> = [];
  const waiters = new Set<Waiter<T>>();
  let ended: Error | undefined;

  const abort = await new Watch(kubeConfig).watch(
    path,
    query,
    (type, object) => {
      events.push({ type: type as WatchEventType, object });
      for (const waiter of waiters) {
        if (waiter.predicate(type as WatchEventType, object)) {
          waiters.delete(waiter);
          waiter.resolve(object);
        }
      }
    },
    error => {
      ended = new Error(`watch of ${path} ended: ${error ?? 'closed'}`);
      for (const waiter of waiters) {
        waiter.reject(ended);
      }
      waiters.clear();
    },
  );

  return {
    events,

    /**
     * Resolves with the first object (recorded or future) for which the
     * predicate holds; rejects after the timeout with the last event seen.
     */
    until(
      description: string,
      predicate: (type: WatchEventType, object: T) => boolean,
      timeoutMs = 30_000,
    ): Promise<T> {
      const seen = events.find(e => predicate(e.type, e.object));
      if (seen) {
        return Promise.resolve(seen.object);
      }
      if (ended) {
        return Promise.reject(ended);
      }
      return new Promise<T>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined = undefined;
        const waiter: Waiter<T> = {
          predicate,
          resolve: object => {
            clearTimeout(timer);
            resolve(object);
          },
          reject: error => {
            clearTimeout(timer);
            reject(error);
          },
        };
        timer = setTimeout(() => {
          waiters.delete(waiter);
          const last = events[events.length - 1];
          reject(
            new Error(
              `timed out after ${
                timeoutMs / 1000
              }s waiting for ${description} ` +
                `(watch of ${path}); last event: ${
                  last
                    ? `${last.type} ${JSON.stringify(
                        (last.object as { status?: unknown }).status,
                      )}`
                    : 'none'
                }`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },

    stop() {
      abort.abort();
    },
  };
}
