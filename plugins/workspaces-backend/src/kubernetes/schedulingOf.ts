import type { V1PodSpec, V1Toleration } from '@kubernetes/client-node';
import { WorkspaceComputePreset } from '@backstage-workspaces/plugin-workspaces-common';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './labels';

/** What a compute preset sets on a workspace's pod template. */
export interface PodScheduling {
  spec: Pick<
    V1PodSpec,
    | 'nodeSelector'
    | 'tolerations'
    | 'affinity'
    | 'priorityClassName'
    | 'schedulerName'
    | 'runtimeClassName'
    | 'topologySpreadConstraints'
  >;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const nonEmpty = <T extends object>(value: T) =>
  Object.keys(value).length > 0 ? value : undefined;

/**
 * The scheduling fields of a workspace's pod from its compute preset: the
 * GPU's node selector and toleration when the workspace asks for GPUs, then
 * the preset's `scheduling` (checked at start, so its labels never replace
 * the plugin's own). Fields the preset leaves out are absent.
 */
export function schedulingOf(
  preset: WorkspaceComputePreset,
  gpus: number,
): PodScheduling {
  const gpu = gpus > 0 ? preset.gpu : undefined;
  const scheduling = preset.scheduling;
  const nodeSelector = nonEmpty({
    ...scheduling?.nodeSelector,
    ...gpu?.nodeSelector,
  });
  const tolerations: V1Toleration[] = [
    ...(gpu
      ? [{ key: gpu.resourceName, operator: 'Exists', effect: 'NoSchedule' }]
      : []),
    ...(scheduling?.tolerations ?? []),
  ];
  const spread = (scheduling?.topologySpreadConstraints ?? []).map(
    constraint => ({
      ...constraint,
      // without a selector a constraint would count no pods at all
      labelSelector: constraint.labelSelector ?? {
        matchLabels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      },
    }),
  );
  return {
    spec: {
      ...(nodeSelector && { nodeSelector }),
      ...(tolerations.length > 0 && { tolerations }),
      ...(scheduling?.nodeAffinity &&
        nonEmpty(scheduling.nodeAffinity) && {
          affinity: { nodeAffinity: scheduling.nodeAffinity },
        }),
      ...(scheduling?.priorityClassName && {
        priorityClassName: scheduling.priorityClassName,
      }),
      ...(scheduling?.schedulerName && {
        schedulerName: scheduling.schedulerName,
      }),
      ...(scheduling?.runtimeClassName && {
        runtimeClassName: scheduling.runtimeClassName,
      }),
      ...(spread.length > 0 && { topologySpreadConstraints: spread }),
    },
    labels: scheduling?.podLabels ?? {},
    annotations: scheduling?.podAnnotations ?? {},
  };
}
