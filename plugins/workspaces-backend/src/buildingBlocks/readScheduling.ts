import { Config } from '@backstage/config';
import {
  NodeSelectorRequirement,
  NodeSelectorTerm,
  WorkspaceScheduling,
} from '@backstage-workspaces/plugin-workspaces-common';
import { fail, readOneOf } from '../config/configReaders';

/*
 * Long file: one small reader per pod spec field a preset may set
 * (tolerations, node affinity, topology spread, names, labels), each checked
 * as the API server would check it.
 *
 * Reads `scheduling` of a compute preset: the pod spec fields that decide
 * where and how its pods run, checked as the API server would check them,
 * so that a wrong value fails the start naming its key, not a user's start.
 */

const dns1123Subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedNamePart = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** The label and annotation prefix of the plugin's own pod metadata. */
export const RESERVED_PREFIX = 'workspaces.backstage.io/';

/**
 * The plugin's pod labels outside that prefix (kubernetes/labels.ts, which
 * imports this folder's catalog; schedulingOf.test.ts checks they agree).
 */
export const RESERVED_LABELS = [
  'app.kubernetes.io/managed-by',
  'backstage.io/kubernetes-id',
];

/** Whether `name` is a Kubernetes qualified name: `[prefix/]name`. */
export function isQualifiedName(name: string): boolean {
  const parts = name.split('/');
  if (parts.length > 2) {
    return false;
  }
  const local = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  return (
    local.length <= 63 &&
    qualifiedNamePart.test(local) &&
    (prefix === undefined ||
      (prefix.length <= 253 && dns1123Subdomain.test(prefix)))
  );
}

function readMap(
  config: Config,
  name: string,
  key: string,
  checkValue?: (value: string) => string | undefined,
): Record<string, string> {
  const map = config.getOptional(name) ?? {};
  if (typeof map !== 'object' || Array.isArray(map)) {
    fail(`${key}.${name}`, 'must be a map of names to string values');
  }
  for (const [entry, value] of Object.entries(map)) {
    const at = `${key}.${name}.${entry}`;
    if (!isQualifiedName(entry)) {
      fail(at, `'${entry}' is not a Kubernetes qualified name`);
    }
    if (entry.startsWith(RESERVED_PREFIX) || RESERVED_LABELS.includes(entry)) {
      fail(
        at,
        `'${entry}' and names under ${RESERVED_PREFIX} are the plugin's own`,
      );
    }
    if (typeof value !== 'string') {
      fail(at, 'must be a string');
    }
    const problem = checkValue?.(value);
    if (problem) {
      fail(at, problem);
    }
  }
  return map as Record<string, string>;
}

const checkLabelValue = (value: string) =>
  value.length > 63 || !labelValue.test(value)
    ? `'${value}' is not a label value (at most 63 letters, digits, '-', '_' or '.')`
    : undefined;

function readOptionalName(config: Config, name: string, key: string) {
  const value = config.getOptionalString(name);
  if (
    value !== undefined &&
    (value.length > 253 || !dns1123Subdomain.test(value))
  ) {
    fail(`${key}.${name}`, `'${value}' is not a DNS-1123 subdomain`);
  }
  return value;
}

const someValues = {
  holds: (values: string[]) => values.length > 0,
  says: 'one or more values',
};
const noValues = {
  holds: (values: string[]) => values.length === 0,
  says: 'no values',
};
const oneNumber = {
  holds: (values: string[]) => values.length === 1 && /^-?\d+$/.test(values[0]),
  says: 'exactly one whole number',
};
/** The values each operator of a node selector requirement takes. */
const valueRules = {
  In: someValues,
  NotIn: someValues,
  Exists: noValues,
  DoesNotExist: noValues,
  Gt: oneNumber,
  Lt: oneNumber,
};

function readRequirement(config: Config, key: string): NodeSelectorRequirement {
  const operator = readOneOf<NodeSelectorRequirement['operator']>(
    config,
    'operator',
    key,
    ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  );
  const values = config.getOptionalStringArray('values') ?? [];
  const rule = valueRules[operator];
  if (!rule.holds(values)) {
    fail(`${key}.values`, `${operator} takes ${rule.says}`);
  }
  const nodeKey = config.getString('key');
  if (!isQualifiedName(nodeKey)) {
    fail(`${key}.key`, `'${nodeKey}' is not a Kubernetes qualified name`);
  }
  return {
    key: nodeKey,
    operator,
    ...(config.has('values') && { values }),
  };
}

function readTerm(config: Config, key: string): NodeSelectorTerm {
  const read = (name: 'matchExpressions' | 'matchFields') =>
    config
      .getOptionalConfigArray(name)
      ?.map((item, index) => readRequirement(item, `${key}.${name}[${index}]`));
  const matchExpressions = read('matchExpressions');
  const matchFields = read('matchFields');
  if (!matchExpressions?.length && !matchFields?.length) {
    fail(key, 'a term needs matchExpressions or matchFields');
  }
  return {
    ...(matchExpressions && { matchExpressions }),
    ...(matchFields && { matchFields }),
  };
}

function readNodeAffinity(
  config: Config | undefined,
  key: string,
): WorkspaceScheduling['nodeAffinity'] {
  if (!config) {
    return undefined;
  }
  const requiredKey = `${key}.requiredDuringSchedulingIgnoredDuringExecution`;
  const required = config.getOptionalConfig(
    'requiredDuringSchedulingIgnoredDuringExecution',
  );
  const preferredName = 'preferredDuringSchedulingIgnoredDuringExecution';
  const preferred = config.getOptionalConfigArray(preferredName);
  return {
    ...(required && {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: required
          .getConfigArray('nodeSelectorTerms')
          .map((term, index) =>
            readTerm(term, `${requiredKey}.nodeSelectorTerms[${index}]`),
          ),
      },
    }),
    ...(preferred && {
      [preferredName]: preferred.map((item, index) => {
        const itemKey = `${key}.${preferredName}[${index}]`;
        const weight = item.getNumber('weight');
        if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
          fail(
            `${itemKey}.weight`,
            `${weight} must be a whole number from 1 to 100`,
          );
        }
        return {
          weight,
          preference: readTerm(
            item.getConfig('preference'),
            `${itemKey}.preference`,
          ),
        };
      }),
    }),
  };
}

function readToleration(
  config: Config,
  key: string,
): WorkspaceScheduling['tolerations'][number] {
  const operator = config.has('operator')
    ? readOneOf<'Exists' | 'Equal'>(config, 'operator', key, [
        'Exists',
        'Equal',
      ])
    : undefined;
  const tolerationKey = config.getOptionalString('key');
  const value = config.getOptionalString('value');
  if (tolerationKey !== undefined && !isQualifiedName(tolerationKey)) {
    fail(`${key}.key`, `'${tolerationKey}' is not a Kubernetes qualified name`);
  }
  if (tolerationKey === undefined && operator !== 'Exists') {
    fail(
      `${key}.operator`,
      'a toleration without a key must have operator Exists',
    );
  }
  if (operator === 'Exists' && value !== undefined) {
    fail(`${key}.value`, 'operator Exists takes no value');
  }
  if (value !== undefined && checkLabelValue(value)) {
    fail(`${key}.value`, checkLabelValue(value)!);
  }
  const effect = config.has('effect')
    ? readOneOf<'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'>(
        config,
        'effect',
        key,
        ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
      )
    : undefined;
  const tolerationSeconds = config.getOptionalNumber('tolerationSeconds');
  if (tolerationSeconds !== undefined) {
    if (effect !== 'NoExecute') {
      fail(`${key}.tolerationSeconds`, 'only an effect NoExecute takes it');
    }
    if (!Number.isInteger(tolerationSeconds) || tolerationSeconds < 0) {
      fail(
        `${key}.tolerationSeconds`,
        `${tolerationSeconds} must be a whole number >= 0`,
      );
    }
  }
  return {
    ...(tolerationKey !== undefined && { key: tolerationKey }),
    ...(operator && { operator }),
    ...(value !== undefined && { value }),
    ...(effect && { effect }),
    ...(tolerationSeconds !== undefined && { tolerationSeconds }),
  };
}

function readSpread(
  config: Config,
  key: string,
): WorkspaceScheduling['topologySpreadConstraints'][number] {
  const maxSkew = config.getNumber('maxSkew');
  if (!Number.isInteger(maxSkew) || maxSkew < 1) {
    fail(`${key}.maxSkew`, `${maxSkew} must be a whole number >= 1`);
  }
  const topologyKey = config.getString('topologyKey');
  if (!isQualifiedName(topologyKey)) {
    fail(
      `${key}.topologyKey`,
      `'${topologyKey}' is not a Kubernetes qualified name`,
    );
  }
  const selector = config.getOptionalConfig('labelSelector');
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable: readOneOf(config, 'whenUnsatisfiable', key, [
      'DoNotSchedule',
      'ScheduleAnyway',
    ]),
    ...(selector && {
      labelSelector: {
        matchLabels: readLabelsAllowingOwn(selector, `${key}.labelSelector`),
      },
    }),
  };
}

/** A selector may name the plugin's labels: it only reads them. */
function readLabelsAllowingOwn(config: Config, key: string) {
  const map = config.getOptional('matchLabels') ?? {};
  if (typeof map !== 'object' || Array.isArray(map)) {
    fail(`${key}.matchLabels`, 'must be a map of label names to values');
  }
  for (const [name, value] of Object.entries(map)) {
    const at = `${key}.matchLabels.${name}`;
    if (!isQualifiedName(name)) {
      fail(at, `'${name}' is not a Kubernetes qualified name`);
    }
    if (typeof value !== 'string' || checkLabelValue(value)) {
      fail(at, `must be a label value`);
    }
  }
  return map as Record<string, string>;
}

/**
 * The `scheduling` of a compute preset at `key`, checked; `gpuNodeSelector`
 * is the preset's GPU node selector, which a scheduling node selector may
 * not contradict.
 */
export function readScheduling(
  config: Config | undefined,
  key: string,
  gpuNodeSelector: Record<string, string> = {},
): WorkspaceScheduling {
  if (!config) {
    return {
      nodeSelector: {},
      tolerations: [],
      topologySpreadConstraints: [],
      podLabels: {},
      podAnnotations: {},
    };
  }
  const nodeSelector = readMap(config, 'nodeSelector', key, checkLabelValue);
  for (const [label, value] of Object.entries(nodeSelector)) {
    if (label in gpuNodeSelector && gpuNodeSelector[label] !== value) {
      fail(
        `${key}.nodeSelector.${label}`,
        `'${value}' contradicts the gpu.nodeSelector's '${gpuNodeSelector[label]}'`,
      );
    }
  }
  const priorityClassName = readOptionalName(config, 'priorityClassName', key);
  const schedulerName = readOptionalName(config, 'schedulerName', key);
  const runtimeClassName = readOptionalName(config, 'runtimeClassName', key);
  const nodeAffinity = readNodeAffinity(
    config.getOptionalConfig('nodeAffinity'),
    `${key}.nodeAffinity`,
  );
  return {
    nodeSelector,
    tolerations: (config.getOptionalConfigArray('tolerations') ?? []).map(
      (item, index) => readToleration(item, `${key}.tolerations[${index}]`),
    ),
    ...(nodeAffinity && { nodeAffinity }),
    ...(priorityClassName && { priorityClassName }),
    ...(schedulerName && { schedulerName }),
    ...(runtimeClassName && { runtimeClassName }),
    topologySpreadConstraints: (
      config.getOptionalConfigArray('topologySpreadConstraints') ?? []
    ).map((item, index) =>
      readSpread(item, `${key}.topologySpreadConstraints[${index}]`),
    ),
    podLabels: readMap(config, 'podLabels', key, checkLabelValue),
    podAnnotations: readMap(config, 'podAnnotations', key),
  };
}
