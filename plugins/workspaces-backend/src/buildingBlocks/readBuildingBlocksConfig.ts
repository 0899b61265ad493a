/*
 * Long file: one reader and its checks per kind of building block
 * (environments, compute presets, each data source type); the data source
 * types are to move into a module each.
 */
import { Config, ConfigReader } from '@backstage/config';
import {
  DEFAULT_GPU_RESOURCE_NAME,
  ENVIRONMENT_LIFECYCLES,
  EnvironmentLifecycle,
  TOOL_TYPES,
  BuildingBlockScope,
  normalizeEntityRef,
  parseQuantity,
  ResourceBounds,
  WorkspaceBuildingBlocks,
  WorkspaceComputePreset,
  WorkspaceDataSource,
  WorkspaceEnvironment,
  WorkspaceTool,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  fail,
  readOneOf,
  readOptionalQuantity,
  readQuantity,
} from '../config/configReaders';
import {
  DATA_SOURCE_TYPE_NAMES,
  dataSourceTypes,
} from '../dataSources/dataSourceTypes';
import { TOOL_PATH_PLACEHOLDERS } from '../tools/toolPaths';
import { readCredentialsConfig } from './readCredentialsConfig';
import { WorkspaceCredential } from '../credentials/WorkspaceCredential';
import { readScheduling } from './readScheduling';
import { checkEnvironmentReplacements } from './checkEnvironmentReplacements';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** What a container's env var may be called. */
export const envVarName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A `mountPath` if there is one: absolute, without '..'. */
export function readMountPath(config: Config, key: string): string | undefined {
  const mountPath = config.getOptionalString('mountPath');
  if (
    mountPath !== undefined &&
    (!mountPath.startsWith('/') || mountPath.split('/').includes('..'))
  ) {
    fail(
      `${key}.mountPath`,
      `'${mountPath}' must be an absolute path without '..'`,
    );
  }
  return mountPath;
}
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** A block's `id`: a DNS-1123 label, unique among its kind. */
export function readId(config: Config, key: string, seen: Set<string>): string {
  const id = config.getString('id');
  if (!dns1123Label.test(id) || id.length > 63) {
    fail(
      `${key}.id`,
      `'${id}' must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)`,
    );
  }
  if (seen.has(id)) {
    fail(`${key}.id`, `'${id}' is used twice; ids must be unique`);
  }
  seen.add(id);
  return id;
}

/**
 * Reads a map of Kubernetes labels. Label keys contain dots, which config
 * keys may not, so the map is read as a plain value.
 */
function readLabels(
  config: Config,
  name: string,
  key: string,
): Record<string, string> {
  const labels = config.getOptional(name) ?? {};
  if (typeof labels !== 'object' || Array.isArray(labels)) {
    fail(`${key}.${name}`, 'must be a map of label names to values');
  }
  for (const [label, value] of Object.entries(labels)) {
    if (typeof value !== 'string') {
      fail(`${key}.${name}.${label}`, 'must be a string');
    }
  }
  return labels as Record<string, string>;
}

function readBounds(
  config: Config | undefined,
  key: string,
): ResourceBounds | undefined {
  if (!config) {
    return undefined;
  }
  const min = readQuantity(config, 'min', key);
  const max = readQuantity(config, 'max', key);
  if (parseQuantity(min)! > parseQuantity(max)!) {
    fail(key, `min ${min} is larger than max ${max}`);
  }
  return { min, max };
}

/** The projects a building block is offered to (`projects`), or all. */
export function readScope(config: Config, key: string): BuildingBlockScope {
  const projects = config.getOptionalStringArray('projects');
  if (!projects) {
    return { kind: 'all' };
  }
  return {
    kind: 'projects',
    projects: projects.map((ref, index) => {
      try {
        return normalizeEntityRef(ref, { defaultKind: 'system' });
      } catch (error) {
        return fail(
          `${key}.projects[${index}]`,
          `'${ref}' is not an entity ref`,
        );
      }
    }),
  };
}

function readTool(
  config: Config,
  key: string,
  seen: Set<string>,
): WorkspaceTool {
  const port = config.getNumber('port');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${key}.port`, `${port} must be a whole number from 1 to 65535`);
  }
  const basePath = config.getOptionalString('basePath');
  if (basePath !== undefined) {
    if (!basePath.startsWith('/')) {
      fail(`${key}.basePath`, `'${basePath}' must start with '/'`);
    }
    checkPlaceholders(basePath, `${key}.basePath`);
  }
  return {
    id: readId(config, key, seen),
    type: readOneOf(config, 'type', key, TOOL_TYPES),
    title: config.getString('title'),
    port,
    basePath,
  };
}

function checkPlaceholders(template: string, key: string) {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)]
    .map(match => match[1])
    .filter(placeholder => !TOOL_PATH_PLACEHOLDERS.includes(placeholder));
  if (unknown.length > 0) {
    fail(
      key,
      `unknown placeholder {${unknown[0]}}; use ${TOOL_PATH_PLACEHOLDERS.map(
        p => `{${p}}`,
      ).join(', ')}`,
    );
  }
}

function readIngress(
  config: Config | undefined,
  key: string,
): WorkspaceEnvironment['ingress'] {
  if (!config) {
    return undefined;
  }
  const host = config.getString('host');
  const path = config.getOptionalString('path') ?? '/';
  checkPlaceholders(host, `${key}.host`);
  checkPlaceholders(path, `${key}.path`);
  if (!path.startsWith('/')) {
    fail(`${key}.path`, `'${path}' must start with '/'`);
  }
  return {
    host,
    path,
    className: config.getOptionalString('className'),
    tlsSecretName: config.getOptionalString('tlsSecretName'),
    scheme: config.has('scheme')
      ? readOneOf<'http' | 'https'>(config, 'scheme', key, ['http', 'https'])
      : undefined,
  };
}

/** A registry (`host[:port]`), optionally with a path below which images are allowed. */
const registryPrefix =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;

function readCustomImage(
  config: Config | undefined,
  key: string,
): WorkspaceEnvironment['customImage'] {
  if (!config) {
    return undefined;
  }
  const allowedRegistries = config.getStringArray('allowedRegistries');
  if (allowedRegistries.length === 0) {
    fail(`${key}.allowedRegistries`, 'list at least one registry');
  }
  allowedRegistries.forEach((entry, index) => {
    if (!registryPrefix.test(entry)) {
      fail(
        `${key}.allowedRegistries[${index}]`,
        `'${entry}' is not a registry, optionally with a path (e.g. registry.example.com, ghcr.io/acme, localhost:5000)`,
      );
    }
  });
  return { allowedRegistries };
}

function readEnvironment(
  config: Config,
  key: string,
  seen: Set<string>,
): WorkspaceEnvironment {
  const env = config.getOptionalConfig('env');
  const envVars: Record<string, string> = {};
  for (const name of env?.keys() ?? []) {
    if (!envVarName.test(name)) {
      fail(`${key}.env.${name}`, `'${name}' is not a valid variable name`);
    }
    envVars[name] = env!.getString(name);
  }
  const tools = config.getConfigArray('tools');
  if (tools.length === 0) {
    fail(`${key}.tools`, 'an environment needs at least one tool');
  }
  const toolIds = new Set<string>();
  const readUid = (name: string) => {
    const value = config.getOptionalNumber(name);
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      fail(`${key}.${name}`, `${value} must be a whole number >= 0`);
    }
    return value;
  };
  return {
    id: readId(config, key, seen),
    title: config.getString('title'),
    description: config.getOptionalString('description'),
    image: config.getString('image'),
    imagePullPolicy: readOneOf(
      config,
      'imagePullPolicy',
      key,
      pullPolicies,
      'IfNotPresent',
    ),
    command: config.getOptionalStringArray('command'),
    args: config.getOptionalStringArray('args'),
    workingDir: config.getOptionalString('workingDir'),
    env: envVars,
    runAsUser: readUid('runAsUser'),
    runAsGroup: readUid('runAsGroup'),
    customImage: readCustomImage(
      config.getOptionalConfig('customImage'),
      `${key}.customImage`,
    ),
    ingress: readIngress(config.getOptionalConfig('ingress'), `${key}.ingress`),
    tools: tools.map((tool, index) =>
      readTool(tool, `${key}.tools[${index}]`, toolIds),
    ),
    scope: readScope(config, key),
    ...readLifecycle(config, key),
  };
}

/** `lifecycle` (`active` when absent) and `replacedBy`, checked later against the others. */
function readLifecycle(
  config: Config,
  key: string,
): Pick<WorkspaceEnvironment, 'lifecycle' | 'replacedBy'> {
  const lifecycle = readOneOf<'active' | EnvironmentLifecycle>(
    config,
    'lifecycle',
    key,
    ['active', ...ENVIRONMENT_LIFECYCLES],
    'active',
  );
  const replacedBy = config.getOptionalString('replacedBy');
  return {
    ...(lifecycle !== 'active' && { lifecycle }),
    ...(replacedBy !== undefined && { replacedBy }),
  };
}

function readComputePreset(
  config: Config,
  key: string,
  seen: Set<string>,
): WorkspaceComputePreset {
  const gpu = config.getOptionalConfig('gpu');
  const gpuOverride = config.getOptionalConfig('overrides.gpu');
  let gpuBounds: { min: number; max: number } | undefined;
  if (gpuOverride) {
    const min = gpuOverride.getNumber('min');
    const max = gpuOverride.getNumber('max');
    if (
      !Number.isInteger(min) ||
      !Number.isInteger(max) ||
      min < 0 ||
      min > max
    ) {
      fail(
        `${key}.overrides.gpu`,
        `min ${min} and max ${max} must be whole numbers with 0 <= min <= max`,
      );
    }
    gpuBounds = { min, max };
  }
  let gpuSpec: WorkspaceComputePreset['gpu'];
  if (gpu) {
    const count = gpu.getNumber('count');
    if (!Number.isInteger(count) || count < 0) {
      fail(`${key}.gpu.count`, `${count} must be a whole number >= 0`);
    }
    gpuSpec = {
      count,
      resourceName:
        gpu.getOptionalString('resourceName') ?? DEFAULT_GPU_RESOURCE_NAME,
      nodeSelector: readLabels(gpu, 'nodeSelector', `${key}.gpu`),
    };
  }
  const cpuKey = `${key}.cpu`;
  const memoryKey = `${key}.memory`;
  return {
    id: readId(config, key, seen),
    title: config.getString('title'),
    description: config.getOptionalString('description'),
    cpu: {
      request: readQuantity(config.getConfig('cpu'), 'request', cpuKey),
      limit: readOptionalQuantity(config.getConfig('cpu'), 'limit', cpuKey),
    },
    memory: {
      request: readQuantity(config.getConfig('memory'), 'request', memoryKey),
      limit: readOptionalQuantity(
        config.getConfig('memory'),
        'limit',
        memoryKey,
      ),
    },
    gpu: gpuSpec,
    sharedMemory: readOptionalQuantity(config, 'sharedMemory', key),
    gpuDescription: config.getOptionalString('gpuDescription'),
    scheduling: readScheduling(
      config.getOptionalConfig('scheduling'),
      `${key}.scheduling`,
      gpuSpec?.nodeSelector,
    ),
    overrides: {
      cpu: readBounds(
        config.getOptionalConfig('overrides.cpu'),
        `${key}.overrides.cpu`,
      ),
      memory: readBounds(
        config.getOptionalConfig('overrides.memory'),
        `${key}.overrides.memory`,
      ),
      gpu: gpuBounds,
    },
    scope: readScope(config, key),
  };
}

function readDataSource(
  config: Config,
  key: string,
  seen: Set<string>,
): WorkspaceDataSource {
  config.getString('mountPath'); // required here
  const mountPath = readMountPath(config, key)!;
  const common = {
    id: readId(config, key, seen),
    title: config.getString('title'),
    description: config.getOptionalString('description'),
    mountPath,
    scope: readScope(config, key),
  };
  const type = readOneOf<WorkspaceDataSource['type']>(
    config,
    'type',
    key,
    DATA_SOURCE_TYPE_NAMES,
  );
  return {
    ...common,
    type,
    ...dataSourceTypes[type].readConfig(config, key),
  } as WorkspaceDataSource;
}

/** The building blocks of a config (`workspaces` or a provider's), checked; errors name `prefix`. */
function readBlocks(
  config: Config | undefined,
  prefix: string,
): WorkspaceBuildingBlocks {
  const readAll = <T>(
    name: string,
    read: (c: Config, key: string, seen: Set<string>) => T,
  ): T[] => {
    const seen = new Set<string>();
    return (config?.getOptionalConfigArray(name) ?? []).map((item, index) =>
      read(item, `${prefix}.${name}[${index}]`, seen),
    );
  };
  const environments = readAll('environments', readEnvironment);
  checkEnvironmentReplacements(environments, `${prefix}.environments`);
  return {
    environments,
    computePresets: readAll('computePresets', readComputePreset),
    dataSources: readAll('dataSources', readDataSource),
  };
}

/**
 * Checks the building blocks a module's provider supplies with the rules of
 * the config, so that a provider's block is held to what an admin's is; an
 * error names the provider and the block's key.
 */
export function readProvidedBuildingBlocks(
  supplied: Partial<WorkspaceBuildingBlocks>,
  providerName: string,
): WorkspaceBuildingBlocks {
  if (supplied.credentials?.length) {
    // a credential names a Secret of every project namespace: the admin's call
    fail(
      `provider '${providerName}'.credentials`,
      'credentials come from the app config only (workspaces.credentials)',
    );
  }
  // as an admin would write it: the scope as its projects
  const asConfig = (block: { scope?: BuildingBlockScope }) => {
    const { scope, ...rest } = block;
    return {
      ...rest,
      ...(scope?.kind === 'projects' && { projects: scope.projects }),
    };
  };
  const data = JSON.parse(
    JSON.stringify({
      environments: (supplied.environments ?? []).map(asConfig),
      computePresets: (supplied.computePresets ?? []).map(asConfig),
      dataSources: (supplied.dataSources ?? []).map(asConfig),
    }),
  );
  const prefix = `provider '${providerName}'`;
  return readBlocks(new ConfigReader(data, prefix), prefix);
}

/**
 * Reads and checks the building blocks under `workspaces:` in the app config.
 * Throws an error naming the config key at the first thing that is wrong, so
 * that a broken config fails the backend start instead of a user's request.
 */
export function readBuildingBlocksConfig(rootConfig: Config): Omit<
  WorkspaceBuildingBlocks,
  'credentials'
> & {
  admins: string[];
  credentials: WorkspaceCredential[];
} {
  const config = rootConfig.getOptionalConfig('workspaces');
  const admins = (config?.getOptionalStringArray('admins') ?? []).map(
    (ref, index) => {
      try {
        return normalizeEntityRef(ref, { defaultKind: 'group' });
      } catch {
        return fail(
          `workspaces.admins[${index}]`,
          `'${ref}' is not an entity ref`,
        );
      }
    },
  );
  const blocks = readBlocks(config, 'workspaces');
  return {
    admins,
    ...blocks,
    credentials: readCredentialsConfig(config, blocks),
  };
}
