import { ToolAddressing } from '../tools/toolAddressing';
import {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { RecordedStatusChange, RuntimeStore } from '../database/RuntimeStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { SecretCipher } from '../workspaces/SecretCipher';
import { createKubeConfig } from './createKubeConfig';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';
import { PodWatcher } from './PodWatcher';
import { TooManyRequests } from './TooManyRequests';
import { KubernetesCluster } from './readKubernetesClusters';
import { KubernetesSettings } from './readKubernetesSettings';
import { WorkspaceInspector } from './WorkspaceInspector';
import { WorkspaceObjects } from './WorkspaceObjects';
import { WorkspaceReconciler } from './WorkspaceReconciler';

export interface KubernetesRuntimeOptions {
  settings: KubernetesSettings;
  clusters: KubernetesCluster[];
  knex: Knex;
  buildingBlocks: BuildingBlockCatalog;
  cipher: SecretCipher;
  logger: LoggerService;
  /** How browsers reach the tools (the manifests tell the tools where they serve). */
  toolAddressing: ToolAddressing;
  /** The plugin's metrics: Kubernetes requests, reconcile passes. */
  metrics?: WorkspacesMetrics;
  /** Called after the runtime records a new observed status. */
  onStatusChange?: (
    record: WorkspaceRecord,
    change: RecordedStatusChange,
  ) => void;
}

/** The Kubernetes runtime for the clusters of the `kubernetes:` config. */
export function createKubernetesRuntime(
  options: KubernetesRuntimeOptions,
): KubernetesWorkspaceRuntime {
  const { settings, logger } = options;
  const driftCheckMs = settings.driftCheckIntervalSeconds * 1000;
  const clusters = options.clusters.map(cluster => {
    const tooManyRequests = new TooManyRequests({
      cluster: cluster.name,
      logger,
    });
    const kubeConfig = createKubeConfig(
      cluster,
      tooManyRequests,
      options.metrics,
    );
    const pods = new PodWatcher(kubeConfig, logger, tooManyRequests);
    const objects = new WorkspaceObjects(kubeConfig, { pods, driftCheckMs });
    return { name: cluster.name, kubeConfig, pods, objects, tooManyRequests };
  });
  const store = new RuntimeStore(options.knex, {
    onStatusChange: options.onStatusChange,
  });
  const inspector = new WorkspaceInspector(
    new Map(
      clusters.map(({ name, kubeConfig, objects }) => [
        name,
        { kubeConfig, objects },
      ]),
    ),
  );
  const reconciler = new WorkspaceReconciler({
    store,
    buildingBlocks: options.buildingBlocks,
    cipher: options.cipher,
    clusters: new Map(clusters.map(({ name, objects }) => [name, objects])),
    manifestOptions: {
      gitCloneImage: settings.gitCloneImage,
      allowIngressFrom: settings.allowIngressFrom,
      toolAddressing: options.toolAddressing,
      podAnnotations: settings.podAnnotations,
      workload: settings.workload,
    },
    logger,
    replicaId: randomUUID(),
    startTimeoutMs: settings.startTimeoutMinutes * 60_000,
    keepWorkloadWhenStopped: settings.keepWorkloadWhenStopped,
    crashLogs: inspector,
    metrics: options.metrics,
  });
  return new KubernetesWorkspaceRuntime({
    reconciler,
    inspector,
    store,
    clusters: new Map(
      clusters.map(({ name, pods, objects, tooManyRequests }) => [
        name,
        { pods, objects, tooManyRequests },
      ]),
    ),
    logger,
    sweepIntervalMs: settings.sweepIntervalSeconds * 1000,
  });
}

/**
 * Creates the Kubernetes runtime, starts and stops it with the backend, and
 * sweeps every `workspaces.kubernetes.sweepIntervalSeconds` on
 * one replica.
 */
export async function installKubernetesRuntime(
  options: KubernetesRuntimeOptions & {
    lifecycle: LifecycleService;
    scheduler: SchedulerService;
  },
): Promise<KubernetesWorkspaceRuntime> {
  const runtime = createKubernetesRuntime(options);
  options.lifecycle.addStartupHook(() => runtime.start());
  options.lifecycle.addShutdownHook(() => runtime.stop());
  await options.scheduler.scheduleTask({
    id: 'workspaces-sweep',
    frequency: { seconds: options.settings.sweepIntervalSeconds },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: () => runtime.sweep(),
  });
  return runtime;
}
