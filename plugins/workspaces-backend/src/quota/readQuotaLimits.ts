import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { parseQuantity } from '@backstage-workspaces/plugin-workspaces-common';

/** Limits on what runs at once, in numbers. */
export interface RunningLimits {
  workspaces?: number;
  gpus?: number;
  cpuMillicores?: number;
  memoryBytes?: number;
}

/** `workspaces.quotas`: limits per project and per user. */
export interface QuotaLimits {
  perProject: RunningLimits;
  perUser: RunningLimits;
  /** Per-project limits for named projects (entity refs), instead of perProject. */
  projects: Record<string, RunningLimits>;
}

function readLimits(config: Config | undefined, path: string): RunningLimits {
  if (!config) return {};
  const quantity = (key: 'cpu' | 'memory') => {
    const text = config.getOptional(key);
    if (text === undefined) return undefined;
    const value = parseQuantity(String(text));
    if (value === undefined || value < 0) {
      throw new InputError(
        `${path}.${key}: '${text}' is not a Kubernetes quantity such as 16 or 64Gi`,
      );
    }
    return value;
  };
  const cpu = quantity('cpu');
  return {
    workspaces: config.getOptionalNumber('workspaces'),
    gpus: config.getOptionalNumber('gpus'),
    cpuMillicores: cpu === undefined ? undefined : Math.round(cpu * 1000),
    memoryBytes: quantity('memory'),
  };
}

/** Reads `workspaces.quotas` of the app config; no limits when absent. */
export function readQuotaLimits(root: Config): QuotaLimits {
  const config = root.getOptionalConfig('workspaces.quotas');
  const path = 'workspaces.quotas';
  const projects: Record<string, RunningLimits> = {};
  // entity refs are no valid config keys (':' and '/'), so the config
  // reader is not asked for them by name
  const projectsConfig = config?.getOptional<JsonObject>('projects') ?? {};
  for (const [ref, limits] of Object.entries(projectsConfig)) {
    projects[ref.toLocaleLowerCase('en-US')] = readLimits(
      new ConfigReader(limits as JsonObject, `${path}.projects.${ref}`),
      `${path}.projects.${ref}`,
    );
  }
  return {
    perProject: readLimits(
      config?.getOptionalConfig('perProject'),
      `${path}.perProject`,
    ),
    perUser: readLimits(
      config?.getOptionalConfig('perUser'),
      `${path}.perUser`,
    ),
    projects,
  };
}
