import { ConfigReader } from '@backstage/config';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import {
  readBuildingBlocksConfig,
  readProvidedBuildingBlocks,
} from './readBuildingBlocksConfig';
import { BuildingBlockCatalog } from './BuildingBlockCatalog';

const token = {
  id: 'examples-token',
  title: 'Token',
  type: 'git',
  secretName: 'git-token',
  tokenKey: 'token',
  dataSources: ['examples'],
};

function read(credentials: object[]) {
  return readBuildingBlocksConfig(
    new ConfigReader({
      workspaces: { ...buildingBlocksConfig, credentials },
    } as any),
  ).credentials;
}

describe('readCredentialsConfig', () => {
  it('reads a git token credential with its defaults', () => {
    expect(read([token])).toEqual([
      {
        ...token,
        description: undefined,
        username: 'git',
        sshKeyKey: undefined,
        knownHostsKey: undefined,
        scope: { kind: 'all' },
      },
    ]);
  });

  it.each([
    [
      'a Secret name that is not one',
      { ...token, secretName: 'Git_Token' },
      "workspaces.credentials[0].secretName': 'Git_Token' is not a Secret name",
    ],
    [
      'an unknown type',
      { ...token, type: 'vault' },
      "workspaces.credentials[0].type': 'vault' must be one of registry, git, secret",
    ],
    [
      'both a token and an SSH key',
      { ...token, sshKeyKey: 'id' },
      "workspaces.credentials[0]': a git credential needs exactly one of tokenKey or sshKeyKey",
    ],
    [
      'a data source that does not exist',
      { ...token, dataSources: ['nope'] },
      "workspaces.credentials[0].dataSources[0]': 'nope' is not one of workspaces.dataSources",
    ],
    [
      'a git credential for a volume',
      { ...token, dataSources: ['home'] },
      "workspaces.credentials[0].dataSources[0]': 'home' is a volume data source",
    ],
    [
      'an environment that does not exist',
      {
        id: 'reg',
        title: 'Registry',
        type: 'registry',
        secretName: 'regcred',
        environments: ['jupyter'],
      },
      "workspaces.credentials[0].environments[0]': 'jupyter' is not one of workspaces.environments (jupyterlab, vision-lab)",
    ],
    [
      'a generic secret with nowhere to go',
      { id: 's', title: 'S', type: 'secret', secretName: 's' },
      "workspaces.credentials[0]': a secret credential needs env, mountPath or both",
    ],
    [
      'a bad env var name',
      {
        id: 's',
        title: 'S',
        type: 'secret',
        secretName: 's',
        env: { '1X': 'key' },
      },
      "workspaces.credentials[0].env.1X': '1X' is not a valid variable name",
    ],
    [
      'a Secret key with a slash',
      { ...token, tokenKey: 'a/b' },
      "workspaces.credentials[0].tokenKey': 'a/b' is not a Secret key",
    ],
    [
      'a relative mount path',
      {
        id: 's',
        title: 'S',
        type: 'secret',
        secretName: 's',
        mountPath: 'etc/s',
      },
      "workspaces.credentials[0].mountPath': 'etc/s' must be an absolute path",
    ],
    [
      'an id used twice',
      [token, token],
      "workspaces.credentials[1].id': 'examples-token' is used twice",
    ],
  ])('fails the start on %s, naming the key', (_, credential, message) => {
    expect(() =>
      read(Array.isArray(credential) ? credential : [credential]),
    ).toThrow(message);
  });

  it('offers a credential only to the projects of its scope', async () => {
    const blocks = readBuildingBlocksConfig(
      new ConfigReader({
        workspaces: {
          ...buildingBlocksConfig,
          credentials: [{ ...token, projects: ['vision'] }],
        },
      } as any),
    );
    const catalog = await BuildingBlockCatalog.create({
      config: blocks,
      providers: [],
    });
    expect(
      catalog.credentialsFor('system:default/vision').map(c => c.id),
    ).toEqual(['examples-token']);
    expect(catalog.credentialsFor('system:default/fraud')).toEqual([]);
  });

  it('refuses credentials from a building block provider at start', () => {
    expect(() =>
      readProvidedBuildingBlocks(
        {
          credentials: [
            {
              id: 'c',
              title: 'C',
              type: 'registry',
              environments: [],
              dataSources: [],
            },
          ],
        },
        'team-catalog',
      ),
    ).toThrow(
      "Invalid config at 'provider 'team-catalog'.credentials': credentials come from the app config only (workspaces.credentials)",
    );
  });
});
