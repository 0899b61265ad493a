import { ProjectQuota } from '@backstage-workspaces/plugin-workspaces-common';
import { isGpu } from '../CreateWorkspace/RemainingQuota';

/**
 * The project's GPU quota: the tightest GPU limit of the project (its
 * namespace's ResourceQuotas and the configured per-project limit; a user's
 * own limit is not the project's), or undefined when nothing limits GPUs.
 */
export function gpuQuotaOf(
  quota: ProjectQuota | undefined,
): { hard: number; name: string } | undefined {
  const limits = (quota?.items ?? [])
    .filter(item => item.scope !== 'user' && isGpu(item.resource))
    .map(item => ({ hard: Number(item.hard), name: item.name }))
    .filter(limit => Number.isFinite(limit.hard));
  return limits.sort((a, b) => a.hard - b.hard)[0];
}
