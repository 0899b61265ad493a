import { ConfigReader } from '@backstage/config';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { WorkspaceRecord } from '../model/records';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { buildWorkspaceManifests } from './buildWorkspaceManifests';

const credentialsConfig = [
  {
    id: 'team-registry',
    title: 'Team registry',
    type: 'registry',
    secretName: 'regcred',
    environments: ['jupyterlab'],
  },
  {
    id: 'examples-token',
    title: 'Examples repository token',
    type: 'git',
    secretName: 'git-token',
    tokenKey: 'token',
    username: 'x-access-token',
    dataSources: ['examples'],
  },
  {
    id: 'wandb',
    title: 'Weights & Biases',
    type: 'secret',
    secretName: 'wandb',
    env: { WANDB_API_KEY: 'api-key' },
    mountPath: '/etc/wandb',
    environments: ['jupyterlab'],
  },
  {
    id: 'vision-registry',
    title: 'Other environment',
    type: 'registry',
    secretName: 'vision-regcred',
    environments: ['vision-lab'],
  },
];

function blocksWith(credentials: object[]) {
  return readBuildingBlocksConfig(
    new ConfigReader({
      workspaces: { ...buildingBlocksConfig, credentials },
    } as any),
  );
}

const workspace: WorkspaceRecord = {
  id: '5b1f0c36-0c43-4e8a-9b8e-000000000002',
  name: 'private-clone',
  projectRef: 'system:default/vision',
  namespace: 'vision',
  environmentId: 'jupyterlab',
  computePresetId: 'cpu-small',
  computeOverrides: {},
  dataSources: [{ id: 'examples' }],
  envVars: [],
  resources: { cpuMillicores: 500, memoryBytes: 2 ** 30, gpus: 0 },
  desiredState: 'Running',
  status: 'Creating',
  statusMessage: '',
  statusSince: new Date(0),
  pendingRestart: false,
  createdBy: 'user:default/bob',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  revision: 1,
};

function podOf(
  credentials: object[],
  plain: Record<string, string> = {},
  credential?: string,
) {
  const blocks = blocksWith(credentials);
  const examples = blocks.dataSources.find(s => s.id === 'examples')!;
  const { statefulSet } = buildWorkspaceManifests({
    workspace,
    environment: blocks.environments[0],
    computePreset: blocks.computePresets[0],
    dataSources: [{ source: examples, credential }],
    env: { plain, secret: {} },
    credentials: blocks.credentials,
    options: {
      gitCloneImage: 'alpine/git:2.47.2',
      allowIngressFrom: [],
      toolAddressing: { mode: 'path', connectBasePath: '/connect' },
    },
  });
  return statefulSet.spec!.template.spec!;
}

describe('credentials in the workspace pod', () => {
  it('pulls the image with the registry credentials of its environment only', () => {
    expect(podOf(credentialsConfig).imagePullSecrets).toEqual([
      { name: 'regcred' },
    ]);
    expect(podOf([]).imagePullSecrets).toBeUndefined();
  });

  it("gives the git clone the token through a credential helper, never the token's value", () => {
    const [clone] = podOf(credentialsConfig).initContainers!;
    expect(clone.env).toEqual([
      { name: 'GIT_USERNAME', value: 'x-access-token' },
      {
        name: 'GIT_TOKEN',
        valueFrom: { secretKeyRef: { name: 'git-token', key: 'token' } },
      },
      { name: 'GIT_CONFIG_COUNT', value: '1' },
      { name: 'GIT_CONFIG_KEY_0', value: 'credential.helper' },
      {
        name: 'GIT_CONFIG_VALUE_0',
        value:
          '!f() { echo "username=$GIT_USERNAME"; echo "password=$GIT_TOKEN"; }; f',
      },
    ]);
    // the workspace's own container never sees the git token
    const [container] = podOf(credentialsConfig).containers;
    expect(container.env!.map(env => env.name)).not.toContain('GIT_TOKEN');
  });

  it('gives the git clone an SSH key and known_hosts as read-only files of its own', () => {
    const spec = podOf([
      {
        id: 'examples-key',
        title: 'Deploy key',
        type: 'git',
        secretName: 'deploy-key',
        sshKeyKey: 'ssh-privatekey',
        knownHostsKey: 'known_hosts',
        dataSources: ['examples'],
      },
    ]);
    const [clone] = spec.initContainers!;
    expect(clone.env).toEqual([
      {
        name: 'GIT_SSH_COMMAND',
        value:
          'ssh -i /credentials/git/id -o IdentitiesOnly=yes -o UserKnownHostsFile=/credentials/git/known_hosts -o StrictHostKeyChecking=yes',
      },
    ]);
    expect(clone.volumeMounts).toContainEqual({
      name: 'cred-examples-key',
      mountPath: '/credentials/git',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({
      name: 'cred-examples-key',
      secret: {
        secretName: 'deploy-key',
        defaultMode: 0o444,
        items: [
          { key: 'ssh-privatekey', path: 'id' },
          { key: 'known_hosts', path: 'known_hosts' },
        ],
      },
    });
    expect(
      spec.containers[0].volumeMounts!.map(mount => mount.name),
    ).not.toContain('cred-examples-key');
  });

  it('mounts a generic secret as env vars and read-only files of the workspace container', () => {
    const spec = podOf(credentialsConfig, { WANDB_API_KEY: 'typed-by-user' });
    const [container] = spec.containers;
    // the credential's variable replaces the user's one of the same name
    expect(container.env!.filter(env => env.name === 'WANDB_API_KEY')).toEqual([
      {
        name: 'WANDB_API_KEY',
        valueFrom: { secretKeyRef: { name: 'wandb', key: 'api-key' } },
      },
    ]);
    expect(container.volumeMounts).toContainEqual({
      name: 'cred-wandb',
      mountPath: '/etc/wandb',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({
      name: 'cred-wandb',
      secret: { secretName: 'wandb' },
    });
  });

  it('leaves out credentials whose environment or data source the workspace does not use', () => {
    const spec = podOf([credentialsConfig[3]]);
    expect(spec.imagePullSecrets).toBeUndefined();
    expect(spec.initContainers![0].env).toBeUndefined();
  });

  it('clones with the git credential the user chose, else the first one offered', () => {
    const second = {
      ...credentialsConfig[1],
      id: 'personal-token',
      secretName: 'personal-git-token',
    };
    const tokenSecretOf = (credential?: string) =>
      podOf(
        [credentialsConfig[1], second],
        {},
        credential,
      ).initContainers![0].env!.find(env => env.name === 'GIT_TOKEN')!
        .valueFrom!.secretKeyRef!.name;
    expect(tokenSecretOf('personal-token')).toBe('personal-git-token');
    expect(tokenSecretOf(undefined)).toBe('git-token');
  });
});
