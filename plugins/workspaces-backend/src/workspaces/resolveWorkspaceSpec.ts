import { InputError } from '@backstage/errors';
import {
  DEFAULT_GPU_RESOURCE_NAME,
  checkWorkspaceSpec,
  ComputeOverrides,
  EnvVarInput,
  parseQuantity,
  WorkspaceBuildingBlocks,
  WorkspaceDataSourceChoice,
  WorkspaceSpecInput,
} from '@backstage-workspaces/plugin-workspaces-common';
import { RequestedResources } from '../model/records';

/** A spec that fits the building blocks of its project. */
export interface ResolvedWorkspaceSpec {
  environmentId: string;
  computePresetId: string;
  computeOverrides: ComputeOverrides;
  image?: string;
  dataSources: WorkspaceDataSourceChoice[];
  env: EnvVarInput[];
  resources: RequestedResources & { gpuResourceName?: string };
}

/**
 * Checks a requested spec against the building blocks the project may use and
 * the bounds of its compute preset (the rules the frontend shows too), and
 * works out the resources it requests. Throws an InputError naming the field
 * and the rule at the first problem.
 */
export function resolveWorkspaceSpec(
  input: WorkspaceSpecInput,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
  options: { currentEnvironment?: string } = {},
): ResolvedWorkspaceSpec {
  const [problem] = checkWorkspaceSpec(input, blocks, projectRef, options);
  if (problem) {
    throw new InputError(`${problem.field}: ${problem.message}`);
  }
  const preset = blocks.computePresets.find(
    p => p.id === input.compute.preset,
  )!;
  const overrides = Object.fromEntries(
    Object.entries(input.compute.overrides ?? {}).filter(
      ([, value]) => value !== undefined,
    ),
  ) as ComputeOverrides;
  const cpu = parseQuantity(overrides.cpu ?? preset.cpu.request)!;
  const memory = parseQuantity(overrides.memory ?? preset.memory.request)!;
  const gpus = overrides.gpu ?? preset.gpu?.count ?? 0;
  return {
    environmentId: input.environment,
    computePresetId: preset.id,
    computeOverrides: overrides,
    ...(input.image !== undefined && { image: input.image }),
    dataSources: (input.dataSources ?? []).map(({ id, size, credential }) => ({
      id,
      ...(size !== undefined && { size }),
      ...(credential !== undefined && { credential }),
    })),
    env: input.env ?? [],
    resources: {
      cpuMillicores: Math.round(cpu * 1000),
      memoryBytes: Math.round(memory),
      gpus,
      gpuResourceName:
        gpus > 0
          ? preset.gpu?.resourceName ?? DEFAULT_GPU_RESOURCE_NAME
          : undefined,
    },
  };
}
