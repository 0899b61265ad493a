import { Config } from '@backstage/config';
import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';
import { fail, readOneOf } from '../config/configReaders';
import {
  envVarName,
  readId,
  readMountPath,
  readScope,
} from './readBuildingBlocksConfig';
import {
  CREDENTIAL_TYPES,
  WorkspaceCredential,
} from '../credentials/WorkspaceCredential';

const dns1123Subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const secretKey = /^[-._a-zA-Z0-9]+$/;

function readSecretKey(
  config: Config,
  name: string,
  key: string,
): string | undefined {
  const value = config.getOptionalString(name);
  if (value !== undefined && (!secretKey.test(value) || value.length > 253)) {
    fail(
      `${key}.${name}`,
      `'${value}' is not a Secret key (letters, digits, '-', '_' and '.')`,
    );
  }
  return value;
}

/** Ids of `kind` blocks that the credential is for; each must exist. */
function readTargets(
  config: Config,
  name: 'environments' | 'dataSources',
  key: string,
  known: Array<{ id: string; type?: string }>,
  type?: string,
): string[] {
  const ids = config.getOptionalStringArray(name) ?? [];
  ids.forEach((id, index) => {
    const block = known.find(b => b.id === id);
    if (!block) {
      fail(
        `${key}.${name}[${index}]`,
        `'${id}' is not one of workspaces.${name} (${
          known.map(b => b.id).join(', ') || 'none'
        })`,
      );
    }
    if (type && block.type !== type) {
      fail(
        `${key}.${name}[${index}]`,
        `'${id}' is a ${block.type} data source; a git credential is for git data sources`,
      );
    }
  });
  return ids;
}

function readCredential(
  config: Config,
  key: string,
  seen: Set<string>,
  blocks: WorkspaceBuildingBlocks,
): WorkspaceCredential {
  const secretName = config.getString('secretName');
  if (!dns1123Subdomain.test(secretName) || secretName.length > 253) {
    fail(
      `${key}.secretName`,
      `'${secretName}' is not a Secret name (a DNS-1123 subdomain)`,
    );
  }
  const common = {
    id: readId(config, key, seen),
    title: config.getString('title'),
    description: config.getOptionalString('description'),
    secretName,
    scope: readScope(config, key),
  };
  const type = readOneOf<WorkspaceCredential['type']>(
    config,
    'type',
    key,
    CREDENTIAL_TYPES,
  );
  if (type === 'registry') {
    return {
      ...common,
      type,
      environments: readTargets(
        config,
        'environments',
        key,
        blocks.environments,
      ),
    };
  }
  if (type === 'git') {
    const tokenKey = readSecretKey(config, 'tokenKey', key);
    const sshKeyKey = readSecretKey(config, 'sshKeyKey', key);
    if ((tokenKey === undefined) === (sshKeyKey === undefined)) {
      fail(key, 'a git credential needs exactly one of tokenKey or sshKeyKey');
    }
    const knownHostsKey = readSecretKey(config, 'knownHostsKey', key);
    if (knownHostsKey && !sshKeyKey) {
      fail(`${key}.knownHostsKey`, 'is for SSH keys; set sshKeyKey too');
    }
    return {
      ...common,
      type,
      dataSources: readTargets(
        config,
        'dataSources',
        key,
        blocks.dataSources,
        'git',
      ),
      tokenKey,
      username: config.getOptionalString('username') ?? 'git',
      sshKeyKey,
      knownHostsKey,
    };
  }
  const envConfig = config.getOptionalConfig('env');
  const env: Record<string, string> = {};
  for (const name of envConfig?.keys() ?? []) {
    if (!envVarName.test(name)) {
      fail(`${key}.env.${name}`, `'${name}' is not a valid variable name`);
    }
    env[name] = readSecretKey(envConfig!, name, `${key}.env`)!;
  }
  const mountPath = readMountPath(config, key);
  if (Object.keys(env).length === 0 && !mountPath) {
    fail(key, 'a secret credential needs env, mountPath or both');
  }
  return {
    ...common,
    type,
    environments: readTargets(config, 'environments', key, blocks.environments),
    env,
    mountPath,
  };
}

/**
 * Reads and checks `workspaces.credentials`: references to Secrets of the
 * project namespaces and the environments or data sources that use them.
 * A wrong value fails the start with a message naming its key.
 */
export function readCredentialsConfig(
  config: Config | undefined,
  blocks: WorkspaceBuildingBlocks,
): WorkspaceCredential[] {
  const seen = new Set<string>();
  return (config?.getOptionalConfigArray('credentials') ?? []).map(
    (item, index) =>
      readCredential(item, `workspaces.credentials[${index}]`, seen, blocks),
  );
}
