import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  Informer,
  KubeConfig,
  makeInformer,
  V1Pod,
  ObjectCache,
} from '@kubernetes/client-node';
import { findFailure } from './deriveWorkspaceStatus';
import { MANAGED_SELECTOR, WORKSPACE_ID_LABEL } from './labels';
import { tooManyRequestsRetryDelay } from './tooManyRequestsRetryDelay';
import { TooManyRequests } from './TooManyRequests';

/** The API server turned the watch or its list away with 429. */
function isTooManyRequests(error: unknown): boolean {
  const { code, statusCode } = (error ?? {}) as {
    code?: unknown;
    statusCode?: unknown;
  };
  return code === 429 || statusCode === 429;
}

/**
 * A 429 of the watch request itself (client-node's Watch sets statusCode);
 * one of the list (an ApiException, code) was counted where it was retried.
 */
const isWatchAnswer = (error: unknown) =>
  (error as { statusCode?: unknown })?.statusCode === 429;

/** The pod's Ready condition is true. */
export const isPodReady = (pod: V1Pod): boolean =>
  (pod.status?.conditions ?? []).some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );

/**
 * A change of a workspace's pod that a user waits on: it went, turned Ready,
 * or shows a failure (a crash loop, an image that can't be pulled, a failed
 * pod). Its status pass goes first and never yields to a burst's creates.
 */
export const isAwaitedChange = (pod: V1Pod, gone: boolean): boolean =>
  gone || isPodReady(pod) || findFailure(pod, [], undefined) !== undefined;

export interface PodWatchHandlers {
  /**
   * The workspace's pod changed; `awaited` when a user waits on the change
   * (see `isAwaitedChange`).
   */
  podChanged(workspaceId: string, awaited: boolean): void;
  unreachable(): void;
  reachable(): void;
}

/**
 * Watches the pods of workspaces on one cluster and says which workspace's
 * pod changed. Restarts with backoff after any error (relisting, which also
 * covers an expired resource version), and says when the cluster is
 * unreachable and when it is back.
 *
 * Its cache answers reads of workspace pods while the watch is listed and
 * connected, so status passes cost no request to the API server.
 */
export class PodWatcher {
  private informer?: Informer<V1Pod> & ObjectCache<V1Pod>;
  private handlers?: PodWatchHandlers;
  /** The cache holds every workspace pod: listed, and the watch is on. */
  private synced = false;
  private stopped = false;
  private backoffMs = 500;
  private restartTimer?: NodeJS.Timeout;
  /** 429 answers in a row: back-pressure, not an unreachable cluster. */
  private turnedAway = 0;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly logger: LoggerService,
    private readonly tooManyRequests?: TooManyRequests,
  ) {}

  /**
   * The workspace pod as last watched (`pod` undefined when there is none),
   * or undefined while the cache can't say: not listed yet, or the watch
   * failed.
   */
  cachedPod(namespace: string, name: string): { pod?: V1Pod } | undefined {
    if (!this.synced || !this.informer) {
      return undefined;
    }
    return { pod: this.informer.get(name, namespace) };
  }

  async start(handlers: PodWatchHandlers): Promise<void> {
    this.handlers = handlers;
    await this.watch();
  }

  private async watch(): Promise<void> {
    const handlers = this.handlers!;
    const core = this.kubeConfig.makeApiClient(CoreV1Api);
    const informer = makeInformer(
      this.kubeConfig,
      '/api/v1/pods',
      () => core.listPodForAllNamespaces({ labelSelector: MANAGED_SELECTOR }),
      MANAGED_SELECTOR,
    );
    // a failed list ends start() without an error too, after 'error'
    let failed = false;
    const changed = (pod: V1Pod, gone = false) => {
      const id = pod.metadata?.labels?.[WORKSPACE_ID_LABEL];
      if (id) {
        handlers.podChanged(id, isAwaitedChange(pod, gone));
      }
    };
    informer.on('add', pod => changed(pod));
    informer.on('update', pod => changed(pod));
    informer.on('delete', pod => changed(pod, true));
    informer.on('connect', () => {
      this.backoffMs = 500;
      this.turnedAway = 0;
      handlers.reachable();
    });
    informer.on('error', (error: unknown) => {
      failed = true;
      this.synced = false;
      if (isTooManyRequests(error)) {
        this.backOff(isWatchAnswer(error));
        return;
      }
      this.logger.warn(
        `Watching workspace pods failed, retrying: ${
          (error as Error)?.message ?? error
        }`,
      );
      handlers.unreachable();
      this.scheduleRestart();
    });
    this.informer = informer;
    try {
      await informer.start();
      this.synced = !failed && !this.stopped && this.informer === informer;
    } catch (error) {
      if (isTooManyRequests(error)) {
        this.synced = false;
        this.backOff(isWatchAnswer(error));
        return;
      }
      this.logger.warn(
        `Starting to watch workspace pods failed, retrying: ${
          (error as Error)?.message
        }`,
      );
      handlers.unreachable();
      this.scheduleRestart();
    }
  }

  /**
   * The API server turned the watch away (429): the cluster is there, so the
   * workspaces keep their statuses (reads go to the API server meanwhile);
   * watch again after a jittered back-off.
   */
  private backOff(uncounted: boolean): void {
    const delay =
      tooManyRequestsRetryDelay({
        // the watch never gives up: the last retry's back-off from then on
        retry: Math.min(this.turnedAway++, 5),
        nowMs: Date.now(),
        random: Math.random(),
      }) ?? 10_000;
    if (uncounted) {
      this.tooManyRequests?.record('WATCH /api/v1/pods', delay);
    }
    this.scheduleRestart(delay);
  }

  private scheduleRestart(afterMs?: number): void {
    if (this.stopped || this.restartTimer) {
      return;
    }
    const delay = afterMs ?? this.backoffMs;
    if (afterMs === undefined) {
      this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
    }
    this.restartTimer = setTimeout(async () => {
      this.restartTimer = undefined;
      if (this.stopped) return;
      await this.informer?.stop().catch(() => undefined);
      await this.watch();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.synced = false;
    clearTimeout(this.restartTimer);
    await this.informer?.stop();
  }
}
