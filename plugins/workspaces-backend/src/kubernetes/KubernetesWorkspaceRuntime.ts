import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WorkspaceLogOptions,
  WorkspaceRuntime,
  WorkspaceRuntimeRef,
} from '@backstage-workspaces/plugin-workspaces-node';
import { RuntimeStore } from '../database/RuntimeStore';
import { PodWatcher } from './PodWatcher';
import { TooManyRequests } from './TooManyRequests';
import { WorkspaceInspector } from './WorkspaceInspector';
import { ReconcileQueue } from './ReconcileQueue';
import { WorkspaceObjects } from './WorkspaceObjects';
import { WorkspaceReconciler } from './WorkspaceReconciler';

/** How many workspaces the sweep reconciles at the same time. */
const SWEEP_CONCURRENCY = 8;

/**
 * How many passes of each kind run at the same time, over all workspaces.
 * Unbounded, 200 starts at once queued hundreds of statements for the
 * database pool, and a pod turning Ready waited behind them; with its own
 * slots and a pool of 30 connections (deploy/README.md) its status is
 * recorded within moments. A full pass mostly waits for the API server (a
 * pod's create): with 16 at a time the last of 200 pods was created 6 s
 * after the burst began; 32 or 64 took 3 to 5 s, and 32 kept status
 * freshness best (docs/benchmarks.md).
 */
const PASS_CONCURRENCY = { reconcile: 32, refresh: 16 };

/**
 * How long a refresh nobody waits on yields to the reconciles waiting for a
 * slot (see ReconcileQueue): a burst's pods are created sooner, and the
 * statuses in between (scheduled, containers being created) are late by at
 * most this much (docs/benchmarks.md).
 */
const REFRESH_YIELD_MS = 2_000;

export interface KubernetesWorkspaceRuntimeOptions {
  reconciler: WorkspaceReconciler;
  /** Reads logs, events and live objects (the diagnostics routes). */
  inspector: WorkspaceInspector;
  store: RuntimeStore;
  /** The pod watcher, the objects and the 429 count of each cluster, by name. */
  clusters: Map<
    string,
    {
      pods: PodWatcher;
      objects: WorkspaceObjects;
      tooManyRequests?: TooManyRequests;
    }
  >;
  logger: LoggerService;
  /** How long a cluster may be silent before its workspaces turn Unknown. */
  unreachableAfterMs?: number;
  /**
   * The sweep's period: a workspace still starting whose last full pass is
   * younger is left to its pod's watch until the next sweep.
   */
  sweepIntervalMs?: number;
}

/**
 * Runs workspaces on Kubernetes: reconciles a workspace when its intent
 * changes, refreshes its status when its pod changes, sweeps all of them
 * periodically to repair drift, and turns statuses Unknown while a cluster
 * can't be reached.
 */
export class KubernetesWorkspaceRuntime implements WorkspaceRuntime {
  private readonly queue: ReconcileQueue;
  private readonly unreachableTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: KubernetesWorkspaceRuntimeOptions) {
    this.queue = new ReconcileQueue(
      async (id, kind) => {
        const { settled, lookAgain } =
          kind === 'reconcile'
            ? await options.reconciler.reconcile(id)
            : await options.reconciler.refreshStatus(id);
        if (!settled) {
          // objects being removed by the garbage collector raise no pod
          // events, and a lease left by a crashed replica expires silently:
          // the same pass again soon, rather than waiting for the sweep
          setTimeout(() => void this.queue.enqueue(id, kind), 1_000).unref();
        } else if (lookAgain) {
          // a pull that began raises no pod event either
          setTimeout(() => {
            if (lookAgain.stillWaits()) {
              void this.queue.enqueue(id, 'refresh');
            }
          }, lookAgain.inMs).unref();
        }
      },
      (id, error) =>
        options.logger.error(
          `Reconciling workspace ${id} failed: ${
            (error as Error)?.stack ?? error
          }`,
        ),
      PASS_CONCURRENCY,
      REFRESH_YIELD_MS,
    );
  }

  workspaceChanged(workspaceId: string): void {
    void this.queue.enqueue(workspaceId, 'reconcile');
  }

  findToolHost(workspace: WorkspaceRuntimeRef): Promise<string | undefined> {
    return this.options.reconciler.findToolHost(workspace);
  }

  readResourceQuotas(
    target: Pick<WorkspaceRuntimeRef, 'namespace' | 'cluster'>,
  ) {
    return this.options.reconciler.readResourceQuotas(target);
  }

  readLogs(workspace: WorkspaceRuntimeRef, options: WorkspaceLogOptions) {
    return this.options.inspector.readLogs(workspace, options);
  }

  listEvents(workspace: WorkspaceRuntimeRef) {
    return this.options.inspector.listEvents(workspace);
  }

  describeObjects(workspace: WorkspaceRuntimeRef) {
    return this.options.inspector.describeObjects(workspace);
  }

  /**
   * Converges every workspace; the periodic sweep. A few at a time: all at
   * once, thousands of workspaces' reads would stall the API (and the
   * reconciles users asked for) for seconds and hold their memory at once.
   */
  async sweep(): Promise<void> {
    const { reconciler } = this.options;
    const mark = reconciler.fullPassMark();
    const active = await this.options.store.listActive();
    // a settled workspace costs no request: its pod is watched, and its
    // objects are read back once their trust runs out
    const ids = active
      .filter(({ record, openRunId }) => {
        try {
          return !reconciler.isSettled(
            record,
            openRunId,
            this.options.sweepIntervalMs,
          );
        } catch {
          return true; // e.g. its cluster is gone from the config
        }
      })
      .map(({ record }) => record.id);
    this.options.logger.debug(
      `Sweeping ${ids.length} of ${active.length} workspaces; the rest are settled`,
    );
    let next = 0;
    const sweeper = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        // a full pass since the listing (a start the user asked for, while
        // the sweep went through the others) did what this one would
        if (!reconciler.convergedSince(id, mark)) {
          await this.queue.enqueue(id, 'reconcile');
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(SWEEP_CONCURRENCY, ids.length) }, sweeper),
    );
  }

  /**
   * How many requests the API servers answered 429 Too Many Requests since
   * the start (each retried after its Retry-After), by cluster.
   */
  tooManyRequests(): Record<string, number> {
    return Object.fromEntries(
      [...this.options.clusters].map(([name, cluster]) => [
        name,
        cluster.tooManyRequests?.count() ?? 0,
      ]),
    );
  }

  /** Resolves once no reconcile is queued or running (for tests and shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async start(): Promise<void> {
    for (const [name, { pods }] of this.options.clusters) {
      await pods.start({
        podChanged: (id, awaited) =>
          void this.queue.enqueue(id, 'refresh', { first: awaited }),
        unreachable: () => this.clusterUnreachable(name),
        reachable: () => this.clusterReachable(name),
      });
    }
  }

  async stop(): Promise<void> {
    // a watch that ends with the stop is no cluster gone: nothing turns
    // Unknown after it
    this.stopped = true;
    for (const timer of this.unreachableTimers.values()) {
      clearTimeout(timer);
    }
    await Promise.all(
      [...this.options.clusters.values()].map(({ pods }) => pods.stop()),
    );
    await this.queue.idle();
  }

  private clusterUnreachable(cluster: string): void {
    if (this.stopped || this.unreachableTimers.has(cluster)) {
      return;
    }
    this.unreachableTimers.set(
      cluster,
      setTimeout(async () => {
        const ids = await this.options.store.listActiveIds().catch(() => []);
        this.options.logger.warn(
          `Cluster ${cluster} is unreachable; ${ids.length} workspaces are now Unknown`,
        );
        await Promise.all(
          ids.map(id => this.options.reconciler.markUnreachable(id)),
        );
      }, this.options.unreachableAfterMs ?? 3_000),
    );
  }

  private clusterReachable(cluster: string): void {
    const timer = this.unreachableTimers.get(cluster);
    if (timer) {
      clearTimeout(timer);
      this.unreachableTimers.delete(cluster);
      // the cluster may have lost or changed objects meanwhile
      this.options.clusters.get(cluster)?.objects.distrustWhatWasSeen();
    }
    // whatever happened meanwhile, converge again
    void this.sweep().catch(error =>
      this.options.logger.error(
        `Sweep after reconnecting to ${cluster} failed: ${error}`,
      ),
    );
  }
}
