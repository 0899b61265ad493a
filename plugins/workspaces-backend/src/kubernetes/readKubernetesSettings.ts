import { Config } from '@backstage/config';
import { V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { fail, readOneOf, readPositiveNumber } from '../config/configReaders';
import { WorkloadKind } from './buildWorkspaceManifests';

/** `workspaces.kubernetes`: how workspaces run, with the defaults filled in. */
export interface KubernetesSettings {
  sweepIntervalSeconds: number;
  driftCheckIntervalSeconds: number;
  startTimeoutMinutes: number;
  gitCloneImage: string;
  /** Who may reach the tool ports; nobody else may reach the pod. */
  allowIngressFrom: V1NetworkPolicyPeer[];
  /** Annotations of every workspace pod. */
  podAnnotations?: Record<string, string>;
  /** A stopped workspace keeps its workload at 0 replicas, not only its volume claims. */
  keepWorkloadWhenStopped: boolean;
  /** What runs a workspace's pod: a StatefulSet, or the backend itself. */
  workload: WorkloadKind;
}

const workloadKinds: WorkloadKind[] = ['StatefulSet', 'Pod'];

const defaultAllowIngressFrom: V1NetworkPolicyPeer[] = [
  {
    namespaceSelector: {
      matchLabels: { 'workspaces.backstage.io/ingress': 'true' },
    },
  },
];

/** Reads `workspaces.kubernetes`, checked at start: a wrong value names its key. */
export function readKubernetesSettings(root: Config): KubernetesSettings {
  const key = 'workspaces.kubernetes';
  const config = root.getOptionalConfig(key);
  const positive = (name: string, fallback: number) =>
    readPositiveNumber(config, key, name, fallback);
  const allowIngressFrom = config?.getOptional('allowIngressFrom') ?? [
    ...defaultAllowIngressFrom,
  ];
  if (!Array.isArray(allowIngressFrom)) {
    fail(
      `${key}.allowIngressFrom`,
      'must be a list of NetworkPolicy peers (namespaceSelector, podSelector or ipBlock)',
    );
  }
  const podAnnotations = config?.getOptional('podAnnotations');
  if (
    podAnnotations !== undefined &&
    (typeof podAnnotations !== 'object' ||
      Array.isArray(podAnnotations) ||
      Object.values(podAnnotations as object).some(v => typeof v !== 'string'))
  ) {
    fail(
      `${key}.podAnnotations`,
      'must be a map of annotation names to strings',
    );
  }
  const workload: WorkloadKind = config
    ? readOneOf<WorkloadKind>(
        config,
        'workload',
        key,
        workloadKinds,
        'StatefulSet',
      )
    : 'StatefulSet';
  const keepWorkloadWhenStopped =
    config?.getOptionalBoolean('keepWorkloadWhenStopped') ?? false;
  if (keepWorkloadWhenStopped && workload === 'Pod') {
    fail(
      `${key}.keepWorkloadWhenStopped`,
      'needs the workload StatefulSet: a stopped workspace has no pod to keep',
    );
  }
  return {
    sweepIntervalSeconds: positive('sweepIntervalSeconds', 30),
    driftCheckIntervalSeconds: positive('driftCheckIntervalSeconds', 300),
    startTimeoutMinutes: positive('startTimeoutMinutes', 15),
    gitCloneImage:
      config?.getOptionalString('gitCloneImage') ?? 'alpine/git:2.47.2',
    allowIngressFrom: allowIngressFrom as V1NetworkPolicyPeer[],
    podAnnotations: podAnnotations as Record<string, string> | undefined,
    keepWorkloadWhenStopped,
    workload,
  };
}
