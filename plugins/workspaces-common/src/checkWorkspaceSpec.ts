import {
  ResourceBounds,
  WorkspaceBuildingBlocks,
  WorkspaceComputePreset,
} from './buildingBlocks';
import { checkCustomImage } from './imageReference';
import { parseQuantity } from './quantity';
import {
  ComputeOverrides,
  EnvVarInput,
  WorkspaceCompute,
  WorkspaceDataSourceChoice,
} from './schema/openapi';
import { WORKSPACE_NAME_RULE } from './workspaces';

/**
 * A rule a requested workspace breaks: the field in the request body, as the
 * backend names it in its 400 responses (e.g. `compute.overrides.cpu`), and
 * what is wrong with it.
 * @public
 */
export interface WorkspaceSpecProblem {
  field: string;
  message: string;
}

/** What a user asks for, before it is checked against the building blocks. @public */
export interface WorkspaceSpecInput {
  environment: string;
  compute: WorkspaceCompute;
  dataSources?: WorkspaceDataSourceChoice[];
  env?: EnvVarInput[];
  /** An image in place of the environment's, where it allows custom images. */
  image?: string;
}

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function listIds(blocks: Array<{ id: string }>): string {
  return blocks.length ? blocks.map(block => block.id).join(', ') : 'none';
}

/**
 * Checks a workspace name against {@link WORKSPACE_NAME_RULE}.
 * @public
 */
export function checkWorkspaceName(
  name: string,
): WorkspaceSpecProblem | undefined {
  if (
    WORKSPACE_NAME_RULE.pattern.test(name) &&
    name.length <= WORKSPACE_NAME_RULE.maxLength
  ) {
    return undefined;
  }
  return {
    field: 'name',
    message: `'${name}' is not a valid workspace name; use ${WORKSPACE_NAME_RULE.description}`,
  };
}

function checkQuantityOverride(
  field: string,
  value: string | undefined,
  preset: WorkspaceComputePreset,
  bounds: ResourceBounds | undefined,
  what: string,
): WorkspaceSpecProblem | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!bounds) {
    return {
      field,
      message: `compute preset ${preset.id} does not allow changing ${what}`,
    };
  }
  const amount = parseQuantity(value);
  if (amount === undefined) {
    return {
      field,
      message: `'${value}' is not a Kubernetes quantity (e.g. 500m, 2, 8Gi)`,
    };
  }
  if (
    amount < parseQuantity(bounds.min)! ||
    amount > parseQuantity(bounds.max)!
  ) {
    return {
      field,
      message: `${value} is outside the range ${bounds.min} to ${bounds.max} that compute preset ${preset.id} allows`,
    };
  }
  return undefined;
}

function checkGpuOverride(
  gpu: number | undefined,
  preset: WorkspaceComputePreset,
): WorkspaceSpecProblem | undefined {
  if (gpu === undefined) {
    return undefined;
  }
  const field = 'compute.overrides.gpu';
  const bounds = preset.overrides.gpu;
  if (!bounds) {
    return {
      field,
      message: `compute preset ${preset.id} does not allow changing the number of GPUs`,
    };
  }
  if (gpu < bounds.min || gpu > bounds.max) {
    return {
      field,
      message: `${gpu} is outside the range ${bounds.min} to ${bounds.max} that compute preset ${preset.id} allows`,
    };
  }
  return undefined;
}

function checkCompute(
  compute: WorkspaceCompute,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
): WorkspaceSpecProblem[] {
  const preset = blocks.computePresets.find(p => p.id === compute.preset);
  if (!preset) {
    return [
      {
        field: 'compute.preset',
        message: `'${
          compute.preset
        }' is not a compute preset available to ${projectRef}; available: ${listIds(
          blocks.computePresets,
        )}`,
      },
    ];
  }
  const overrides: ComputeOverrides = compute.overrides ?? {};
  return [
    checkQuantityOverride(
      'compute.overrides.cpu',
      overrides.cpu,
      preset,
      preset.overrides.cpu,
      'CPU',
    ),
    checkQuantityOverride(
      'compute.overrides.memory',
      overrides.memory,
      preset,
      preset.overrides.memory,
      'memory',
    ),
    checkGpuOverride(overrides.gpu, preset),
  ].filter((problem): problem is WorkspaceSpecProblem => Boolean(problem));
}

function checkDataSource(
  choice: WorkspaceDataSourceChoice,
  index: number,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
  chosenBefore: boolean,
): WorkspaceSpecProblem | undefined {
  const field = `dataSources[${index}]`;
  const source = blocks.dataSources.find(s => s.id === choice.id);
  if (!source) {
    return {
      field: `${field}.id`,
      message: `'${
        choice.id
      }' is not a data source available to ${projectRef}; available: ${listIds(
        blocks.dataSources,
      )}`,
    };
  }
  if (chosenBefore) {
    return { field: `${field}.id`, message: `'${choice.id}' is chosen twice` };
  }
  if (choice.credential !== undefined) {
    const offered = (blocks.credentials ?? []).filter(c =>
      c.dataSources.includes(choice.id),
    );
    if (!offered.some(c => c.id === choice.credential)) {
      return {
        field: `${field}.credential`,
        message: `'${
          choice.credential
        }' is not a credential ${projectRef} offers for data source ${
          choice.id
        }; offered: ${listIds(offered)}`,
      };
    }
  }
  if (choice.size === undefined) {
    return undefined;
  }
  if (source.type !== 'volume') {
    return {
      field: `${field}.size`,
      message: `only a new volume has a size; '${choice.id}' is a ${source.type} source`,
    };
  }
  const size = parseQuantity(choice.size);
  const max = source.maxSize ?? source.size;
  if (size === undefined || size <= 0) {
    return {
      field: `${field}.size`,
      message: `'${choice.size}' is not a Kubernetes quantity (e.g. 10Gi)`,
    };
  }
  if (size > parseQuantity(max)!) {
    return {
      field: `${field}.size`,
      message: `${choice.size} is larger than ${max}, the most data source ${source.id} allows`,
    };
  }
  return undefined;
}

function checkEnvVar(
  variable: EnvVarInput,
  index: number,
  chosenBefore: boolean,
): WorkspaceSpecProblem | undefined {
  if (!ENV_VAR_NAME.test(variable.name)) {
    return {
      field: `env[${index}].name`,
      message: `'${variable.name}' must start with a letter or '_' and contain only letters, digits and '_'`,
    };
  }
  if (chosenBefore) {
    return {
      field: `env[${index}].name`,
      message: `'${variable.name}' is set twice`,
    };
  }
  return undefined;
}

function markRepeats(ids: string[]): boolean[] {
  return ids.map((id, index) => ids.indexOf(id) < index);
}

/**
 * Checks a requested workspace against the building blocks its project may use
 * and the bounds of its compute preset. The backend refuses a request with the
 * first problem; the frontend shows every problem at its field.
 * @public
 */
export function checkWorkspaceSpec(
  input: WorkspaceSpecInput,
  blocks: WorkspaceBuildingBlocks,
  projectRef: string,
  options: {
    /** The environment the workspace has now, when it is changed; it may stay even if hidden. */
    currentEnvironment?: string;
  } = {},
): WorkspaceSpecProblem[] {
  const problems: Array<WorkspaceSpecProblem | undefined> = [];
  const environment = blocks.environments.find(e => e.id === input.environment);
  if (environment && input.image !== undefined) {
    problems.push(checkCustomImage(input.image, environment));
  }
  if (
    environment?.lifecycle === 'hidden' &&
    environment.id !== options.currentEnvironment
  ) {
    problems.push({
      field: 'environment',
      message: `'${
        environment.id
      }' is hidden: it is no longer offered for new workspaces, only kept for the workspaces that use it${
        environment.replacedBy ? `; use ${environment.replacedBy}` : ''
      }`,
    });
  }
  if (!environment) {
    problems.push({
      field: 'environment',
      message: `'${
        input.environment
      }' is not an environment available to ${projectRef}; available: ${listIds(
        blocks.environments.filter(e => e.lifecycle !== 'hidden'),
      )}`,
    });
  }
  problems.push(...checkCompute(input.compute, blocks, projectRef));
  const dataSources = input.dataSources ?? [];
  const repeatedSources = markRepeats(dataSources.map(choice => choice.id));
  dataSources.forEach((choice, index) =>
    problems.push(
      checkDataSource(
        choice,
        index,
        blocks,
        projectRef,
        repeatedSources[index],
      ),
    ),
  );
  const env = input.env ?? [];
  const repeatedNames = markRepeats(env.map(variable => variable.name));
  env.forEach((variable, index) =>
    problems.push(checkEnvVar(variable, index, repeatedNames[index])),
  );
  return problems.filter((problem): problem is WorkspaceSpecProblem =>
    Boolean(problem),
  );
}
