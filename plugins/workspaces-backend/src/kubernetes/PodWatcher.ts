import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  Informer,
  KubeConfig,
  makeInformer,
  V1Pod,
  ObjectCache,
} from '@kubernetes/client-node';
import { MANAGED_SELECTOR, WORKSPACE_ID_LABEL } from './labels';

/**
 * Watches the pods of workspaces on one cluster and says which workspace's
 * pod changed. Restarts with backoff after any error (relisting, which also
 * covers an expired resource version), and says when the cluster is
 * unreachable and when it is back.
 */
export class PodWatcher {
  private informer?: Informer<V1Pod> & ObjectCache<V1Pod>;
  private stopped = false;
  private backoffMs = 500;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly logger: LoggerService,
    private readonly handlers: {
      podChanged(workspaceId: string): void;
      unreachable(): void;
      reachable(): void;
    },
  ) {}

  async start(): Promise<void> {
    const core = this.kubeConfig.makeApiClient(CoreV1Api);
    const informer = makeInformer(
      this.kubeConfig,
      '/api/v1/pods',
      () => core.listPodForAllNamespaces({ labelSelector: MANAGED_SELECTOR }),
      MANAGED_SELECTOR,
    );
    const changed = (pod: V1Pod) => {
      const id = pod.metadata?.labels?.[WORKSPACE_ID_LABEL];
      if (id) {
        this.handlers.podChanged(id);
      }
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('connect', () => {
      this.backoffMs = 500;
      this.handlers.reachable();
    });
    informer.on('error', (error: unknown) => {
      this.logger.warn(
        `Watching workspace pods failed, retrying: ${
          (error as Error)?.message ?? error
        }`,
      );
      this.handlers.unreachable();
      this.scheduleRestart();
    });
    this.informer = informer;
    try {
      await informer.start();
    } catch (error) {
      this.logger.warn(
        `Starting to watch workspace pods failed, retrying: ${
          (error as Error)?.message
        }`,
      );
      this.handlers.unreachable();
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.stopped || this.restartTimer) {
      return;
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
    this.restartTimer = setTimeout(async () => {
      this.restartTimer = undefined;
      if (this.stopped) return;
      await this.informer?.stop().catch(() => undefined);
      await this.start();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.informer?.stop();
  }
}
