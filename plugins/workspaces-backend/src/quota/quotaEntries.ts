import {
  formatCpu,
  formatMemory,
  parseQuantity,
  QuotaItem,
} from '@backstage-workspaces/plugin-workspaces-common';
import { RequestedResources } from '../model/records';
import { RunningLimits } from './readQuotaLimits';

/** What a workspace takes from quotas when it runs. */
export interface QuotaAsk extends RequestedResources {
  gpuResourceName: string;
  /** The container's limits, for limits.* quotas. */
  cpuLimitMillicores?: number;
  memoryLimitBytes: number;
}

/** A ResourceQuota of a namespace as the cluster reports it. */
export interface NamespaceQuota {
  name: string;
  hard: Record<string, string>;
  used: Record<string, string>;
}

type Unit = 'cpu' | 'memory' | 'count';

/** One limit, what is used of it, and what a workspace would ask of it. */
export interface QuotaEntry {
  scope: QuotaItem['scope'];
  name: string;
  resource: string;
  unit: Unit;
  hard: number;
  used: number;
}

/** What resources of a running workspace count, in base units (cores, bytes). */
function askedOf(ask: QuotaAsk, resource: string): number | undefined {
  switch (resource) {
    case 'requests.cpu':
    case 'cpu':
      return ask.cpuMillicores / 1000;
    case 'limits.cpu':
      return (ask.cpuLimitMillicores ?? ask.cpuMillicores) / 1000;
    case 'requests.memory':
    case 'memory':
      return ask.memoryBytes;
    case 'limits.memory':
      return ask.memoryLimitBytes;
    case 'pods':
    case 'count/pods':
      return 1;
    case 'workspaces':
      return 1;
    case 'gpus':
      return ask.gpus;
    case `requests.${ask.gpuResourceName}`:
      return ask.gpus;
    default:
      return undefined;
  }
}

function unitOf(resource: string): Unit {
  if (/(^|\.)cpu$/.test(resource)) return 'cpu';
  if (/(^|\.)memory$/.test(resource)) return 'memory';
  return 'count';
}

export function formatAmount(value: number, unit: Unit): string {
  if (unit === 'cpu') return formatCpu(value);
  if (unit === 'memory') return formatMemory(value);
  return String(value);
}

/** The entries of a namespace's ResourceQuotas that workspaces take from. */
export function namespaceQuotaEntries(
  namespace: string,
  quotas: NamespaceQuota[],
  gpuResourceNames: string[],
): QuotaEntry[] {
  const known = (resource: string) =>
    /^(requests\.|limits\.)?(cpu|memory)$/.test(resource) ||
    resource === 'pods' ||
    resource === 'count/pods' ||
    gpuResourceNames.some(name => resource === `requests.${name}`);
  return quotas.flatMap(quota =>
    Object.entries(quota.hard)
      .filter(([resource]) => known(resource))
      .map(([resource, hard]) => ({
        scope: 'namespace' as const,
        name: `ResourceQuota ${quota.name} in namespace ${namespace}`,
        resource,
        unit: unitOf(resource),
        hard: parseQuantity(hard) ?? 0,
        used: parseQuantity(quota.used[resource] ?? '0') ?? 0,
      })),
  );
}

/** The entries of configured running limits, against what runs now. */
export function limitEntries(
  scope: 'project' | 'user',
  name: string,
  limits: RunningLimits,
  running: RequestedResources & { workspaces: number },
): QuotaEntry[] {
  const entries: QuotaEntry[] = [];
  const add = (
    resource: string,
    unit: Unit,
    hard: number | undefined,
    used: number,
  ) => {
    if (hard !== undefined) {
      entries.push({ scope, name, resource, unit, hard, used });
    }
  };
  add('workspaces', 'count', limits.workspaces, running.workspaces);
  add('gpus', 'count', limits.gpus, running.gpus);
  add(
    'cpu',
    'cpu',
    limits.cpuMillicores === undefined
      ? undefined
      : limits.cpuMillicores / 1000,
    running.cpuMillicores / 1000,
  );
  add('memory', 'memory', limits.memoryBytes, running.memoryBytes);
  return entries;
}

/** The first entry a workspace would not fit in, with the amount it asks. */
export function findQuotaShortfall(
  ask: QuotaAsk,
  entries: QuotaEntry[],
): { entry: QuotaEntry; asked: number } | undefined {
  for (const entry of entries) {
    const asked = askedOf(ask, entry.resource);
    // a tiny tolerance: cores and bytes come from decimal strings
    if (asked && entry.used + asked > entry.hard + 1e-9) {
      return { entry, asked };
    }
  }
  return undefined;
}

/** An entry as the API shows it. */
export function toQuotaItem(entry: QuotaEntry): QuotaItem {
  return {
    scope: entry.scope,
    name: entry.name,
    resource: entry.resource,
    hard: formatAmount(entry.hard, entry.unit),
    used: formatAmount(entry.used, entry.unit),
    remaining: formatAmount(Math.max(0, entry.hard - entry.used), entry.unit),
  };
}

/** Why a start is refused: the quota, and the amounts asked, used and allowed. */
export function describeShortfall(shortfall: {
  entry: QuotaEntry;
  asked: number;
}): string {
  const { entry, asked } = shortfall;
  const amount = (value: number) => formatAmount(value, entry.unit);
  return `Not enough quota: ${entry.name}: ${entry.resource} asked ${amount(
    asked,
  )}, used ${amount(entry.used)}, ${
    entry.scope === 'namespace' ? 'hard' : 'limit'
  } ${amount(entry.hard)}`;
}
