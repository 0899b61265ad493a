import type {
  V1EnvVar,
  V1LocalObjectReference,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import {
  GitCredential,
  WorkspaceCredential,
} from '../credentials/WorkspaceCredential';
import { objectName } from './labels';

/** Where a git clone's SSH key and known_hosts appear in its init container. */
export const GIT_SSH_DIR = '/credentials/git';

/** What a git credential adds to the clone's init container. */
export interface GitCloneAuth {
  env: V1EnvVar[];
  volumeMounts: V1VolumeMount[];
}

/** The credentials' share of a workspace's pod. */
export interface PodCredentials {
  imagePullSecrets: V1LocalObjectReference[];
  /** Env vars of the workspace's container. */
  env: V1EnvVar[];
  volumes: V1Volume[];
  /** Mounts of the workspace's container. */
  mounts: V1VolumeMount[];
  /** By git data source id: what its clone needs. */
  gitClone: Record<string, GitCloneAuth>;
}

function volumeName(credential: WorkspaceCredential): string {
  return objectName('cred', credential.id).slice(0, 63);
}

/**
 * A token reaches git through a credential helper that reads it from the
 * environment when git asks, so it is in neither the pod spec, the command
 * line nor git's output; an SSH key is a read-only file of the init
 * container only.
 */
function gitCloneAuth(credential: GitCredential): GitCloneAuth {
  const secret = (key: string) => ({
    secretKeyRef: { name: credential.secretName, key },
  });
  if (credential.tokenKey) {
    return {
      env: [
        { name: 'GIT_USERNAME', value: credential.username },
        { name: 'GIT_TOKEN', valueFrom: secret(credential.tokenKey) },
        { name: 'GIT_CONFIG_COUNT', value: '1' },
        { name: 'GIT_CONFIG_KEY_0', value: 'credential.helper' },
        {
          name: 'GIT_CONFIG_VALUE_0',
          value:
            '!f() { echo "username=$GIT_USERNAME"; echo "password=$GIT_TOKEN"; }; f',
        },
      ],
      volumeMounts: [],
    };
  }
  const hostKeys = credential.knownHostsKey
    ? `-o UserKnownHostsFile=${GIT_SSH_DIR}/known_hosts -o StrictHostKeyChecking=yes`
    : '-o StrictHostKeyChecking=accept-new';
  return {
    env: [
      {
        name: 'GIT_SSH_COMMAND',
        value: `ssh -i ${GIT_SSH_DIR}/id -o IdentitiesOnly=yes ${hostKeys}`,
      },
    ],
    volumeMounts: [
      { name: volumeName(credential), mountPath: GIT_SSH_DIR, readOnly: true },
    ],
  };
}

/**
 * What the credentials offered to a workspace's project add to its pod,
 * for its environment and its data sources (with the git credential each
 * clones with, if the user chose one): pull secrets, env vars and
 * files from Secrets, and the git clones' tokens or keys. Only references:
 * the kubelet reads the Secrets at each start, so a rotated value reaches
 * a workspace at its next start. Pure.
 */
export function credentialsOf(
  credentials: WorkspaceCredential[],
  environmentId: string,
  dataSources: Array<{ id: string; credential?: string }>,
): PodCredentials {
  // each git source's credential: the user's choice, else the first offered
  const cloneWith = new Map(
    dataSources.map(choice => [
      choice.id,
      choice.credential ??
        credentials.find(
          c => c.type === 'git' && c.dataSources.includes(choice.id),
        )?.id,
    ]),
  );
  const result: PodCredentials = {
    imagePullSecrets: [],
    env: [],
    volumes: [],
    mounts: [],
    gitClone: {},
  };
  for (const credential of credentials) {
    if (credential.type === 'registry') {
      if (credential.environments.includes(environmentId)) {
        result.imagePullSecrets.push({ name: credential.secretName });
      }
    } else if (credential.type === 'secret') {
      if (!credential.environments.includes(environmentId)) {
        continue;
      }
      for (const [name, key] of Object.entries(credential.env)) {
        result.env.push({
          name,
          valueFrom: { secretKeyRef: { name: credential.secretName, key } },
        });
      }
      if (credential.mountPath) {
        result.volumes.push({
          name: volumeName(credential),
          secret: { secretName: credential.secretName },
        });
        result.mounts.push({
          name: volumeName(credential),
          mountPath: credential.mountPath,
          readOnly: true,
        });
      }
    } else {
      const used = credential.dataSources.filter(
        id => cloneWith.get(id) === credential.id,
      );
      if (used.length === 0) {
        continue;
      }
      if (credential.sshKeyKey) {
        result.volumes.push({
          name: volumeName(credential),
          secret: {
            secretName: credential.secretName,
            // readable by the clone's user whatever its uid; ssh refuses a
            // key only when the user owns it and others may read it
            defaultMode: 0o444,
            items: [
              { key: credential.sshKeyKey, path: 'id' },
              ...(credential.knownHostsKey
                ? [{ key: credential.knownHostsKey, path: 'known_hosts' }]
                : []),
            ],
          },
        });
      }
      for (const id of used) {
        result.gitClone[id] = gitCloneAuth(credential);
      }
    }
  }
  return result;
}
