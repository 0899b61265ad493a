import { parseQuantity } from './quantity';
import type {
  ExplanationResource,
  QuotaItem,
  WorkspaceResources,
} from './schema/openapi';

/** The resources the scheduler says no node has enough of, by name. */
export function insufficientResources(schedulerMessage: string): string[] {
  // a name ends before the sentence's full stop: "2 Insufficient memory."
  const names = [
    ...schedulerMessage.matchAll(/Insufficient ([\w./-]*[\w-])/g),
  ].map(match => match[1]);
  return [...new Set(names)];
}

const isGpu = (resource: string, resources: WorkspaceResources) =>
  resource === resources.gpuResourceName || /gpu/i.test(resource);

/** A resource in the words of the people asking for it. */
export function resourceLabel(
  resource: string,
  resources: WorkspaceResources,
): string {
  if (resource === 'cpu') return 'CPU';
  if (resource === 'memory') return 'memory';
  if (resource === 'ephemeral-storage') return 'local disk';
  if (resource === 'pods') return 'room for pods';
  if (isGpu(resource, resources)) return 'GPUs';
  return resource;
}

function askedOf(
  resource: string,
  resources: WorkspaceResources,
): string | undefined {
  if (resource === 'cpu') return resources.cpu;
  if (resource === 'memory') return resources.memory;
  if (isGpu(resource, resources)) return String(resources.gpu);
  return undefined;
}

/** The quota items that limit a resource: the namespace's ResourceQuotas and the configured limits. */
function quotaItemsOf(
  resource: string,
  resources: WorkspaceResources,
  quota: QuotaItem[],
): QuotaItem[] {
  const names = isGpu(resource, resources)
    ? [`requests.${resource}`, 'gpus']
    : [resource, `requests.${resource}`];
  return quota.filter(item => names.includes(item.resource));
}

/**
 * What a workspace asks of each short resource, how much of it the
 * project's quota still has free, and whether the quota or the cluster is
 * short: a quota with less free than asked is short; one that allows it
 * leaves the cluster, whose nodes don't have it free.
 */
export function explainShortResources(
  names: string[],
  resources: WorkspaceResources,
  quota: QuotaItem[],
): ExplanationResource[] {
  return names.map(resource => {
    const label = resourceLabel(resource, resources);
    const asked = askedOf(resource, resources) ?? 'some';
    const askedAmount = parseQuantity(asked);
    // the tightest quota is the one that matters
    const tightest = quotaItemsOf(resource, resources, quota)
      .map(item => ({ item, free: parseQuantity(item.remaining) ?? 0 }))
      .sort((a, b) => a.free - b.free)[0];
    const quotaShort =
      tightest !== undefined &&
      askedAmount !== undefined &&
      tightest.free < askedAmount;
    return {
      resource,
      label,
      asked,
      ...(tightest && {
        free: tightest.item.remaining,
        quota: tightest.item.name,
      }),
      shortIn: quotaShort ? 'quota' : 'cluster',
    };
  });
}

/** "100 GPUs (0 free in the limit of ...)" for a sentence. */
export function describeShortResource(short: ExplanationResource): string {
  const free =
    short.free !== undefined ? `; ${short.free} free in ${short.quota}` : '';
  return `${short.label}: asked ${short.asked}${free}`;
}
