import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isTimeZone } from './scheduleOccurrences';

/** Thresholds of automatic stops; any may be absent (no such stop). */
export interface LifecycleThresholds {
  /** Stop after this long without activity. */
  idleMinutes?: number;
  /** Never stop for idleness before a run is this old. */
  minimumRuntimeMinutes?: number;
  /** Stop a run this long after it started, busy or not. */
  maxRuntimeHours?: number;
}

/** `workspaces.lifecycle`, with the defaults filled in. */
export interface LifecyclePolicyConfig {
  enabled: boolean;
  intervalSeconds: number;
  warningMinutes: number;
  keepAlive: { extensionMinutes: number; maxPerRun: number };
  /** Read the tools' own activity (JupyterLab /api/status and kernels). */
  toolActivity: boolean;
  defaults: LifecycleThresholds;
  environments: Record<string, LifecycleThresholds>;
  computePresets: Record<string, LifecycleThresholds>;
  schedules: {
    enabled: boolean;
    allowStart: boolean;
    defaultTimeZone: string;
    maxWindowHours: number;
  };
}

/** The thresholds that apply to one workspace, in milliseconds. */
export interface ResolvedLifecyclePolicy {
  idleMs?: number;
  minimumRuntimeMs: number;
  maxRuntimeMs?: number;
  /** Whose limit the maximum runtime is, e.g. `the "1 GPU" compute preset`. */
  maxRuntimeFrom?: string;
  warningMs: number;
}

const thresholdKeys = [
  'idleMinutes',
  'minimumRuntimeMinutes',
  'maxRuntimeHours',
] as const;

function readThresholds(
  config: Config | undefined,
  path: string,
): LifecycleThresholds {
  const thresholds: LifecycleThresholds = {};
  for (const key of thresholdKeys) {
    const value = config?.getOptionalNumber(key);
    if (value !== undefined) {
      if (!(value > 0) && !(key === 'minimumRuntimeMinutes' && value === 0)) {
        throw new InputError(
          `${path}.${key}: must be a positive number, not ${value}`,
        );
      }
      thresholds[key] = value;
    }
  }
  return thresholds;
}

function readThresholdMap(
  config: Config | undefined,
  path: string,
): Record<string, LifecycleThresholds> {
  const map: Record<string, LifecycleThresholds> = {};
  for (const id of config?.keys() ?? []) {
    map[id] = readThresholds(config!.getConfig(id), `${path}.${id}`);
  }
  return map;
}

/** Reads `workspaces.lifecycle` of the app config. */
export function readLifecyclePolicy(root: Config): LifecyclePolicyConfig {
  const config = root.getOptionalConfig('workspaces.lifecycle');
  const path = 'workspaces.lifecycle';
  const schedules = config?.getOptionalConfig('schedules');
  const defaultTimeZone =
    schedules?.getOptionalString('defaultTimeZone') ?? 'UTC';
  if (!isTimeZone(defaultTimeZone)) {
    throw new InputError(
      `${path}.schedules.defaultTimeZone: '${defaultTimeZone}' is not an IANA time zone`,
    );
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    intervalSeconds: config?.getOptionalNumber('intervalSeconds') ?? 60,
    warningMinutes: config?.getOptionalNumber('warningMinutes') ?? 15,
    keepAlive: {
      extensionMinutes:
        config?.getOptionalNumber('keepAlive.extensionMinutes') ?? 60,
      maxPerRun: config?.getOptionalNumber('keepAlive.maxPerRun') ?? 2,
    },
    toolActivity: config?.getOptionalBoolean('toolActivity') ?? true,
    defaults: {
      minimumRuntimeMinutes: 30,
      ...readThresholds(
        config?.getOptionalConfig('defaults'),
        `${path}.defaults`,
      ),
    },
    environments: readThresholdMap(
      config?.getOptionalConfig('environments'),
      `${path}.environments`,
    ),
    computePresets: readThresholdMap(
      config?.getOptionalConfig('computePresets'),
      `${path}.computePresets`,
    ),
    schedules: {
      enabled: schedules?.getOptionalBoolean('enabled') ?? true,
      allowStart: schedules?.getOptionalBoolean('allowStart') ?? true,
      defaultTimeZone,
      maxWindowHours: schedules?.getOptionalNumber('maxWindowHours') ?? 14,
    },
  };
}

/**
 * The thresholds of one workspace: per key, its compute preset's, else its
 * environment's, else the defaults.
 */
export function resolveLifecyclePolicy(
  config: LifecyclePolicyConfig,
  workspace: { environmentId: string; computePresetId: string },
  titles: { environment?: string; computePreset?: string } = {},
): ResolvedLifecyclePolicy {
  const preset = config.computePresets[workspace.computePresetId] ?? {};
  const environment = config.environments[workspace.environmentId] ?? {};
  const pick = <K extends keyof LifecycleThresholds>(key: K) =>
    preset[key] ?? environment[key] ?? config.defaults[key];
  const idle = pick('idleMinutes');
  const minimum = pick('minimumRuntimeMinutes') ?? 0;
  const maxHours = pick('maxRuntimeHours');
  let maxRuntimeFrom: string | undefined;
  if (preset.maxRuntimeHours !== undefined) {
    maxRuntimeFrom = `the "${
      titles.computePreset ?? workspace.computePresetId
    }" compute preset`;
  } else if (environment.maxRuntimeHours !== undefined) {
    maxRuntimeFrom = `the "${
      titles.environment ?? workspace.environmentId
    }" environment`;
  } else if (maxHours !== undefined) {
    maxRuntimeFrom = 'all workspaces';
  }
  return {
    idleMs: idle === undefined ? undefined : idle * 60_000,
    minimumRuntimeMs: minimum * 60_000,
    maxRuntimeMs: maxHours === undefined ? undefined : maxHours * 3_600_000,
    maxRuntimeFrom,
    warningMs: config.warningMinutes * 60_000,
  };
}
