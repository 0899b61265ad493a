import { Config } from '@backstage/config';
import {
  readNumber,
  readPositiveNumber,
  ZERO_OR_MORE,
} from './config/configReaders';
import { readBuildingBlocksConfig } from './buildingBlocks/readBuildingBlocksConfig';
import { ConfiguredBuildingBlocks } from './credentials/WorkspaceCredential';
import {
  KubernetesCluster,
  readKubernetesClusters,
} from './kubernetes/readKubernetesClusters';
import {
  KubernetesSettings,
  readKubernetesSettings,
} from './kubernetes/readKubernetesSettings';
import {
  DormancyPolicyConfig,
  readDormancyPolicy,
} from './lifecycle/readDormancyPolicy';
import {
  LifecyclePolicyConfig,
  readLifecyclePolicy,
} from './lifecycle/readLifecyclePolicy';
import {
  ConnectSettings,
  readConnectSettings,
} from './proxy/readConnectSettings';
import { QuotaLimits, readQuotaLimits } from './quota/readQuotaLimits';
import { readToolsConfig, ToolsConfig } from './tools/toolAddressing';

/** Everything the plugin reads of the config, with the defaults filled in. */
export interface WorkspacesConfig {
  /** Groups and users who may act on every workspace (entity refs). */
  admins: string[];
  /** The building blocks of `workspaces:` (modules' providers add theirs). */
  buildingBlocks: ConfiguredBuildingBlocks;
  lifecycle: LifecyclePolicyConfig;
  /** Deletion of long-stopped workspaces' volumes; undefined: off. */
  dormancy?: DormancyPolicyConfig;
  quotas: QuotaLimits;
  /** The clusters of the `kubernetes:` config, shared with Backstage's Kubernetes plugin. */
  clusters: KubernetesCluster[];
  kubernetes: KubernetesSettings;
  tools: ToolsConfig;
  connect: ConnectSettings;
  /** How often project members are copied from the catalog. */
  membership: { syncIntervalSeconds: number };
  /** What the creator is told besides automatic stops; 0 seconds: no slow-start notice. */
  notifications: { slowStartSeconds: number };
  /** Encrypts the values of secret env vars in the database. */
  encryptionKey?: string;
}

/**
 * Reads and checks the whole config of the plugin once, at start: a wrong
 * value fails the backend's start with a message that names its key.
 */
export function readWorkspacesConfig(
  config: Config,
  externalBaseUrl: string,
): WorkspacesConfig {
  const { admins, ...buildingBlocks } = readBuildingBlocksConfig(config);
  return {
    admins,
    buildingBlocks,
    lifecycle: readLifecyclePolicy(config),
    dormancy: readDormancyPolicy(config),
    quotas: readQuotaLimits(config),
    clusters: readKubernetesClusters(config),
    kubernetes: readKubernetesSettings(config),
    tools: readToolsConfig(config, externalBaseUrl),
    connect: readConnectSettings(config),
    membership: {
      syncIntervalSeconds: readPositiveNumber(
        config.getOptionalConfig('workspaces.membership'),
        'workspaces.membership',
        'syncIntervalSeconds',
        15,
      ),
    },
    notifications: {
      slowStartSeconds: readNumber(
        config.getOptionalConfig('workspaces.notifications'),
        'workspaces.notifications',
        'slowStartSeconds',
        120,
        ZERO_OR_MORE,
      ),
    },
    encryptionKey: config.getOptionalString('workspaces.encryptionKey'),
  };
}
