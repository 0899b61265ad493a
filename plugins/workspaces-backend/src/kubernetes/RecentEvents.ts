import { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import { ShortMemo } from '../clock/ShortMemo';

/** How long an object's events, once listed, stand for a new list. */
export const EVENTS_TTL_MS = 2_000;

/**
 * The events of one object, oldest first, listed at most once per
 * EVENTS_TTL_MS: a pod that waits, or a StatefulSet whose pod is not there
 * yet, is looked at on each of its changes and every second, and a list
 * that old explains the wait as well. Many starts at once cost the API
 * server a list per workspace every few seconds, not one per look.
 */
export class RecentEvents {
  private readonly lists: ShortMemo<CoreV1Event[]>;

  constructor(private readonly core: CoreV1Api, now?: () => number) {
    this.lists = new ShortMemo({
      ttlMs: EVENTS_TTL_MS,
      maxEntries: 10_000,
      now,
    });
  }

  of(namespace: string, kind: string, name: string): Promise<CoreV1Event[]> {
    return this.lists.get(`${namespace}/${kind}/${name}`, () =>
      this.read(namespace, kind, name),
    );
  }

  private async read(
    namespace: string,
    kind: string,
    name: string,
  ): Promise<CoreV1Event[]> {
    const { items } = await this.core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
    });
    const time = (event: CoreV1Event) =>
      new Date(
        event.lastTimestamp ??
          event.eventTime ??
          event.metadata.creationTimestamp ??
          0,
      ).getTime();
    return items.sort((a, b) => time(a) - time(b));
  }
}
