import { ToolAddressing } from '../service/toolAddressing';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { RuntimeStore } from '../database/RuntimeStore';
import { WorkspaceRecord } from '../database/types';
import { BuildingBlockCatalog } from '../service/BuildingBlockCatalog';
import { SecretCipher } from '../service/SecretCipher';
import { createKubeConfig } from './createKubeConfig';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';
import { PodWatcher } from './PodWatcher';
import { KubernetesCluster } from './readKubernetesClusters';
import { WorkspaceObjects } from './WorkspaceObjects';
import { WorkspaceReconciler } from './WorkspaceReconciler';

const defaultAllowIngressFrom: V1NetworkPolicyPeer[] = [
  {
    namespaceSelector: {
      matchLabels: { 'workspaces.backstage.io/ingress': 'true' },
    },
  },
];

/** The Kubernetes runtime for the clusters of the `kubernetes:` config. */
export function createKubernetesRuntime(options: {
  config: Config;
  clusters: KubernetesCluster[];
  knex: Knex;
  buildingBlocks: BuildingBlockCatalog;
  cipher: SecretCipher;
  logger: LoggerService;
  /** Path of the backend's tool proxy, e.g. `/api/workspaces/connect`. */
  toolAddressing: ToolAddressing;
  /** Called after the runtime records a new observed status. */
  onStatusChange?: (record: WorkspaceRecord) => void;
}): KubernetesWorkspaceRuntime {
  const { config, logger } = options;
  const kubernetesConfig = config.getOptionalConfig('workspaces.kubernetes');
  const driftCheckMs =
    (kubernetesConfig?.getOptionalNumber('driftCheckIntervalSeconds') ?? 300) *
    1000;
  const clusters = options.clusters.map(cluster => {
    const kubeConfig = createKubeConfig(cluster);
    const pods = new PodWatcher(kubeConfig, logger);
    const objects = new WorkspaceObjects(kubeConfig, { pods, driftCheckMs });
    return { name: cluster.name, pods, objects };
  });
  const store = new RuntimeStore(options.knex, {
    onStatusChange: options.onStatusChange,
  });
  const reconciler = new WorkspaceReconciler({
    store,
    buildingBlocks: options.buildingBlocks,
    cipher: options.cipher,
    clusters: new Map(clusters.map(({ name, objects }) => [name, objects])),
    manifestOptions: {
      gitCloneImage:
        kubernetesConfig?.getOptionalString('gitCloneImage') ??
        'alpine/git:2.47.2',
      allowIngressFrom:
        (kubernetesConfig?.getOptional('allowIngressFrom') as
          | V1NetworkPolicyPeer[]
          | undefined) ?? defaultAllowIngressFrom,
      toolAddressing: options.toolAddressing,
      podAnnotations: kubernetesConfig?.getOptional('podAnnotations') as
        | Record<string, string>
        | undefined,
    },
    logger,
    replicaId: randomUUID(),
    startTimeoutMs:
      (kubernetesConfig?.getOptionalNumber('startTimeoutMinutes') ?? 15) *
      60_000,
  });
  return new KubernetesWorkspaceRuntime({
    reconciler,
    store,
    clusters: new Map(clusters.map(({ name, ...cluster }) => [name, cluster])),
    logger,
  });
}
