import { InputError } from '@backstage/errors';
import {
  ComputeOverrides,
  EnvVarInput,
  parseQuantity,
  WorkspaceBuildingBlocks,
  WorkspaceCompute,
  WorkspaceComputePreset,
  WorkspaceDataSourceChoice,
} from '@backstage-workspaces/plugin-workspaces-common';
import { RequestedResources } from '../database/types';

const envVarName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a user asks for, before it is checked against the building blocks. */
export interface WorkspaceSpecInput {
  environment: string;
  compute: WorkspaceCompute;
  dataSources?: WorkspaceDataSourceChoice[];
  env?: EnvVarInput[];
}

/** A spec that fits the building blocks of its project. */
export interface ResolvedWorkspaceSpec {
  environmentId: string;
  computePresetId: string;
  computeOverrides: ComputeOverrides;
  dataSources: WorkspaceDataSourceChoice[];
  env: EnvVarInput[];
  resources: RequestedResources & { gpuResourceName?: string };
}

function listIds(blocks: Array<{ id: string }>): string {
  return blocks.length ? blocks.map(block => block.id).join(', ') : 'none';
}

function checkQuantityOverride(
  field: string,
  value: string | undefined,
  preset: WorkspaceComputePreset,
  bounds: { min: string; max: string } | undefined,
  what: string,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!bounds) {
    throw new InputError(
      `${field}: compute preset ${preset.id} does not allow changing ${what}`,
    );
  }
  const amount = parseQuantity(value);
  if (amount === undefined) {
    throw new InputError(
      `${field}: '${value}' is not a Kubernetes quantity (e.g. 500m, 2, 8Gi)`,
    );
  }
  if (
    amount < parseQuantity(bounds.min)! ||
    amount > parseQuantity(bounds.max)!
  ) {
    throw new InputError(
      `${field}: ${value} is outside the range ${bounds.min} to ${bounds.max} that compute preset ${preset.id} allows`,
    );
  }
  return amount;
}

function resolveCompute(
  compute: WorkspaceCompute,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
) {
  const preset = blocks.computePresets.find(p => p.id === compute.preset);
  if (!preset) {
    throw new InputError(
      `compute.preset: '${
        compute.preset
      }' is not a compute preset available to ${projectRef}; available: ${listIds(
        blocks.computePresets,
      )}`,
    );
  }
  const overrides = compute.overrides ?? {};
  const cpu =
    checkQuantityOverride(
      'compute.overrides.cpu',
      overrides.cpu,
      preset,
      preset.overrides.cpu,
      'CPU',
    ) ?? parseQuantity(preset.cpu.request)!;
  const memory =
    checkQuantityOverride(
      'compute.overrides.memory',
      overrides.memory,
      preset,
      preset.overrides.memory,
      'memory',
    ) ?? parseQuantity(preset.memory.request)!;
  let gpus = preset.gpu?.count ?? 0;
  if (overrides.gpu !== undefined) {
    const bounds = preset.overrides.gpu;
    if (!bounds) {
      throw new InputError(
        `compute.overrides.gpu: compute preset ${preset.id} does not allow changing the number of GPUs`,
      );
    }
    if (overrides.gpu < bounds.min || overrides.gpu > bounds.max) {
      throw new InputError(
        `compute.overrides.gpu: ${overrides.gpu} is outside the range ${bounds.min} to ${bounds.max} that compute preset ${preset.id} allows`,
      );
    }
    gpus = overrides.gpu;
  }
  return {
    presetId: preset.id,
    overrides: Object.fromEntries(
      Object.entries(overrides).filter(([, value]) => value !== undefined),
    ) as ComputeOverrides,
    resources: {
      cpuMillicores: Math.round(cpu * 1000),
      memoryBytes: Math.round(memory),
      gpus,
      gpuResourceName:
        gpus > 0 ? preset.gpu?.resourceName ?? 'nvidia.com/gpu' : undefined,
    },
  };
}

function resolveDataSources(
  choices: WorkspaceDataSourceChoice[],
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
): WorkspaceDataSourceChoice[] {
  const seen = new Set<string>();
  return choices.map((choice, index) => {
    const field = `dataSources[${index}]`;
    const source = blocks.dataSources.find(s => s.id === choice.id);
    if (!source) {
      throw new InputError(
        `${field}.id: '${
          choice.id
        }' is not a data source available to ${projectRef}; available: ${listIds(
          blocks.dataSources,
        )}`,
      );
    }
    if (seen.has(choice.id)) {
      throw new InputError(`${field}.id: '${choice.id}' is chosen twice`);
    }
    seen.add(choice.id);
    if (choice.size === undefined) {
      return { id: choice.id };
    }
    if (source.type !== 'volume') {
      throw new InputError(
        `${field}.size: only a new volume has a size; '${choice.id}' is a ${source.type} source`,
      );
    }
    const size = parseQuantity(choice.size);
    const max = source.maxSize ?? source.size;
    if (size === undefined || size <= 0) {
      throw new InputError(
        `${field}.size: '${choice.size}' is not a Kubernetes quantity (e.g. 10Gi)`,
      );
    }
    if (size > parseQuantity(max)!) {
      throw new InputError(
        `${field}.size: ${choice.size} is larger than ${max}, the most data source ${source.id} allows`,
      );
    }
    return { id: choice.id, size: choice.size };
  });
}

function checkEnv(env: EnvVarInput[]): EnvVarInput[] {
  const seen = new Set<string>();
  env.forEach((variable, index) => {
    if (!envVarName.test(variable.name)) {
      throw new InputError(
        `env[${index}].name: '${variable.name}' must start with a letter or '_' and contain only letters, digits and '_'`,
      );
    }
    if (seen.has(variable.name)) {
      throw new InputError(
        `env[${index}].name: '${variable.name}' is set twice`,
      );
    }
    seen.add(variable.name);
  });
  return env;
}

/**
 * Checks a requested spec against the building blocks the project may use and
 * the bounds of its compute preset, and works out the resources it requests.
 * Throws an InputError naming the field and the rule at the first problem.
 */
export function resolveWorkspaceSpec(
  input: WorkspaceSpecInput,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
): ResolvedWorkspaceSpec {
  const environment = blocks.environments.find(e => e.id === input.environment);
  if (!environment) {
    throw new InputError(
      `environment: '${
        input.environment
      }' is not an environment available to ${projectRef}; available: ${listIds(
        blocks.environments,
      )}`,
    );
  }
  const compute = resolveCompute(input.compute, blocks, projectRef);
  return {
    environmentId: environment.id,
    computePresetId: compute.presetId,
    computeOverrides: compute.overrides,
    dataSources: resolveDataSources(
      input.dataSources ?? [],
      blocks,
      projectRef,
    ),
    env: checkEnv(input.env ?? []),
    resources: compute.resources,
  };
}
