import {
  checkWorkspaceName,
  checkWorkspaceSpec,
  CreateWorkspaceRequest,
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceSchedule,
  WorkspaceSpecProblem,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../../translation';

/** What the create stepper edits; empty strings mean "the preset's value". */
export interface WorkspaceForm {
  project: string;
  name: string;
  environment: string;
  /** An image in place of the environment's; empty: the environment's. */
  image: string;
  preset: string;
  overrides: { cpu: string; memory: string; gpu: string };
  /**
   * The chosen data sources, in order, with the size asked for a new volume
   * and the git credential chosen for a clone.
   */
  dataSources: Array<{ id: string; size: string; credential?: string }>;
  env: Array<{ name: string; value: string; secret: boolean }>;
  /** A copy's schedule, taken over from the original (no step edits it). */
  schedule?: WorkspaceSchedule;
  start: boolean;
}

/**
 * The steps of the stepper (by their key in the texts,
 * `createWorkspace.steps.*`) and the request fields each one edits.
 */
export const FORM_STEPS = [
  { key: 'environment', fields: /^(project|environment|image)/ },
  { key: 'compute', fields: /^compute/ },
  { key: 'data', fields: /^dataSources/ },
  { key: 'name', fields: /^(name|env)/ },
] as const;

/**
 * A new workspace: the first current (not deprecated) environment, the
 * first preset, the first new volume.
 */
export function initialForm(
  project: string,
  blocks: WorkspaceBuildingBlocks | undefined,
): WorkspaceForm {
  const volume = blocks?.dataSources.find(source => source.type === 'volume');
  return {
    project,
    name: '',
    environment:
      (blocks?.environments.find(e => !e.lifecycle) ?? blocks?.environments[0])
        ?.id ?? '',
    image: '',
    preset: blocks?.computePresets[0]?.id ?? '',
    overrides: { cpu: '', memory: '', gpu: '' },
    dataSources: volume ? [{ id: volume.id, size: '' }] : [],
    env: [],
    start: true,
  };
}

/** The form of an existing workspace, to edit it; secret values stay empty. */
export function formOf(workspace: Workspace): WorkspaceForm {
  const overrides = workspace.compute.overrides ?? {};
  return {
    project: workspace.project,
    name: workspace.name,
    environment: workspace.environment,
    image: workspace.image ?? '',
    preset: workspace.compute.preset,
    overrides: {
      cpu: overrides.cpu ?? '',
      memory: overrides.memory ?? '',
      gpu: overrides.gpu === undefined ? '' : String(overrides.gpu),
    },
    dataSources: workspace.dataSources.map(({ id, size, credential }) => ({
      id,
      size: size ?? '',
      ...(credential && { credential }),
    })),
    env: workspace.env.map(({ name, value, secret }) => ({
      name,
      value: value ?? '',
      secret,
    })),
    start: false,
  };
}

/** The request the form stands for. */
export function toCreateRequest(form: WorkspaceForm): CreateWorkspaceRequest {
  const { cpu, memory, gpu } = form.overrides;
  return {
    project: form.project,
    name: form.name,
    environment: form.environment,
    ...(form.image && { image: form.image }),
    compute: {
      preset: form.preset,
      overrides: {
        ...(cpu && { cpu }),
        ...(memory && { memory }),
        ...(gpu !== '' && { gpu: Number(gpu) }),
      },
    },
    dataSources: form.dataSources.map(({ id, size, credential }) => ({
      id,
      ...(size && { size }),
      ...(credential && { credential }),
    })),
    env: form.env.map(({ name, value, secret }) =>
      // an empty secret of an edited workspace keeps its stored value
      secret && value === '' ? { name, secret } : { name, value, secret },
    ),
    ...(form.schedule && { schedule: form.schedule }),
    start: form.start,
  };
}

/**
 * The problems of the form by request field, from the rules the backend
 * enforces (see `checkWorkspaceSpec`, whose messages are the backend's).
 */
export function checkForm(
  form: WorkspaceForm,
  blocks: WorkspaceBuildingBlocks,
  options: { editing: boolean; currentEnvironment?: string },
  t: WorkspacesT,
): Map<string, string> {
  const problems: WorkspaceSpecProblem[] = [];
  if (!form.project) {
    problems.push({
      field: 'project',
      message: t('createWorkspace.checks.chooseProject'),
    });
  }
  if (!options.editing) {
    const nameProblem = checkWorkspaceName(form.name);
    if (nameProblem) problems.push(nameProblem);
  }
  const { gpu } = form.overrides;
  if (gpu !== '' && !/^\d+$/.test(gpu)) {
    problems.push({
      field: 'compute.overrides.gpu',
      message: t('createWorkspace.checks.wholeGpus', { value: gpu }),
    });
  }
  form.env.forEach((variable, index) => {
    const keepsStoredSecret = variable.secret && options.editing;
    if (variable.name && variable.value === '' && !keepsStoredSecret) {
      problems.push({
        field: `env[${index}].value`,
        message: t('createWorkspace.checks.valueRequired'),
      });
    }
  });
  if (form.project) {
    problems.push(
      ...checkWorkspaceSpec(toCreateRequest(form), blocks, form.project, {
        currentEnvironment: options.currentEnvironment,
      }),
    );
  }
  const byField = new Map<string, string>();
  problems.forEach(({ field, message }) => {
    if (!byField.has(field)) byField.set(field, message);
  });
  return byField;
}

/**
 * Reads the field a backend 400 names ("compute.overrides.cpu: 8 is
 * outside…"), so the stepper can show it where it belongs.
 */
export function readFieldError(
  message: string,
): WorkspaceSpecProblem | undefined {
  const match =
    /^((?:[a-zA-Z]+(?:\[\d+\])?)(?:\.[a-zA-Z]+(?:\[\d+\])?)*): (.+)$/s.exec(
      message,
    );
  return match ? { field: match[1], message: match[2] } : undefined;
}

/** The step that edits a field, or undefined if none does. */
export function stepOfField(field: string): number | undefined {
  const index = FORM_STEPS.findIndex(step => step.fields.test(field));
  return index < 0 ? undefined : index;
}
