import { ConfigReader } from '@backstage/config';
import {
  buildingBlocksConfig,
  scratchDataSource,
} from '../__testUtils__/buildingBlocksConfig';
import { BuildingBlockCatalog } from './BuildingBlockCatalog';
import {
  readBuildingBlocksConfig,
  readProvidedBuildingBlocks,
} from './readBuildingBlocksConfig';

function read(workspaces: unknown) {
  return readBuildingBlocksConfig(new ConfigReader({ workspaces } as any));
}

function withPreset(patch: Record<string, unknown>) {
  return {
    ...buildingBlocksConfig,
    computePresets: [{ ...buildingBlocksConfig.computePresets[0], ...patch }],
  };
}

describe('readBuildingBlocksConfig', () => {
  it('reads every kind of block with defaults filled in', () => {
    const blocks = read(buildingBlocksConfig);

    expect(blocks.admins).toEqual(['group:default/platform-admins']);
    expect(blocks.environments[0]).toMatchObject({
      id: 'jupyterlab',
      imagePullPolicy: 'IfNotPresent',
      runAsUser: 1000,
      env: { JUPYTER_ENABLE_LAB: 'yes' },
      scope: { kind: 'all' },
    });
    expect(blocks.environments[1].scope).toEqual({
      kind: 'projects',
      projects: ['system:default/vision'],
    });
    expect(blocks.computePresets[1]).toMatchObject({
      gpu: {
        count: 1,
        resourceName: 'nvidia.com/gpu',
        nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      },
      overrides: { gpu: { min: 0, max: 2 } },
      scope: { kind: 'projects', projects: ['system:default/vision'] },
    });
    expect(blocks.dataSources[0]).toMatchObject({
      type: 'volume',
      accessMode: 'ReadWriteOnce',
      retain: false,
    });
    expect(blocks.dataSources[1]).toMatchObject({
      type: 'git',
      repository: 'https://git.example.com/ml/examples.git',
    });
  });

  it('reads scratch space: its size and storage class, nothing of other types', () => {
    const { dataSources } = read({
      ...buildingBlocksConfig,
      dataSources: [
        {
          ...scratchDataSource,
          repository: 'https://git.example.com/ignored.git',
        },
      ],
    });
    expect(dataSources).toEqual([
      {
        id: 'tmp',
        type: 'scratch',
        title: 'Scratch',
        mountPath: '/scratch',
        size: '50Gi',
        storageClassName: 'local-nvme',
        scope: { kind: 'all' },
      },
    ]);
  });

  it('gives empty lists without a workspaces key', () => {
    expect(read(undefined)).toEqual({
      admins: [],
      environments: [],
      computePresets: [],
      dataSources: [],
      credentials: [],
    });
  });

  it.each([
    [
      'a quantity that is not one',
      withPreset({ cpu: { request: 'lots' } }),
      "Invalid config at 'workspaces.computePresets[0].cpu.request': 'lots' is not a Kubernetes quantity",
    ],
    [
      'bounds the wrong way round',
      withPreset({ overrides: { memory: { min: '8Gi', max: '1Gi' } } }),
      "Invalid config at 'workspaces.computePresets[0].overrides.memory': min 8Gi is larger than max 1Gi",
    ],
    [
      'an id that is not a DNS label',
      withPreset({ id: 'Small_CPU' }),
      "Invalid config at 'workspaces.computePresets[0].id': 'Small_CPU' must be a DNS-1123 label",
    ],
    [
      'a duplicated id',
      {
        ...buildingBlocksConfig,
        environments: [
          buildingBlocksConfig.environments[0],
          buildingBlocksConfig.environments[0],
        ],
      },
      "Invalid config at 'workspaces.environments[1].id': 'jupyterlab' is used twice",
    ],
    [
      'a tool port out of range',
      {
        ...buildingBlocksConfig,
        environments: [
          {
            ...buildingBlocksConfig.environments[0],
            tools: [
              { id: 'lab', type: 'jupyterlab', title: 'Lab', port: 70000 },
            ],
          },
        ],
      },
      "Invalid config at 'workspaces.environments[0].tools[0].port': 70000 must be a whole number from 1 to 65535",
    ],
    [
      'an unknown tool type',
      {
        ...buildingBlocksConfig,
        environments: [
          {
            ...buildingBlocksConfig.environments[0],
            tools: [{ id: 'lab', type: 'notebook', title: 'Lab', port: 8888 }],
          },
        ],
      },
      "Invalid config at 'workspaces.environments[0].tools[0].type': 'notebook' must be one of jupyterlab, vscode, tensorboard, rstudio, http",
    ],
    [
      'an ingress template with an unknown placeholder',
      {
        ...buildingBlocksConfig,
        environments: [
          {
            ...buildingBlocksConfig.environments[0],
            ingress: { host: '{user}.ws.example.com' },
          },
        ],
      },
      "Invalid config at 'workspaces.environments[0].ingress.host': unknown placeholder {user}; use {workspace}, {workspaceId}, {project}, {namespace}, {tool}",
    ],
    [
      'a relative mount path',
      {
        ...buildingBlocksConfig,
        dataSources: [
          { ...buildingBlocksConfig.dataSources[0], mountPath: 'work/../etc' },
        ],
      },
      "Invalid config at 'workspaces.dataSources[0].mountPath': 'work/../etc' must be an absolute path without '..'",
    ],
    [
      'an unknown data source type',
      {
        ...buildingBlocksConfig,
        dataSources: [
          { ...buildingBlocksConfig.dataSources[0], type: 'tmpfs' },
        ],
      },
      "Invalid config at 'workspaces.dataSources[0].type': 'tmpfs' must be one of volume, git, pvc, configMap, secret, nfs, scratch",
    ],
    [
      'scratch space of a size that is not a quantity',
      {
        ...buildingBlocksConfig,
        dataSources: [{ ...scratchDataSource, size: 'big' }],
      },
      "Invalid config at 'workspaces.dataSources[0].size': 'big' is not a Kubernetes quantity",
    ],
  ])('fails on %s, naming the key', (_name, config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('reads the registries an environment allows custom images from', () => {
    const environment = {
      ...buildingBlocksConfig.environments[0],
      customImage: {
        allowedRegistries: [
          'registry.example.com',
          'ghcr.io/acme',
          'localhost:5000',
        ],
      },
    };
    const blocks = read({
      ...buildingBlocksConfig,
      environments: [environment],
    });
    expect(blocks.environments[0].customImage).toEqual({
      allowedRegistries: [
        'registry.example.com',
        'ghcr.io/acme',
        'localhost:5000',
      ],
    });
    expect(
      read(buildingBlocksConfig).environments[0].customImage,
    ).toBeUndefined();
  });

  it.each([
    [
      [],
      "'workspaces.environments[0].customImage.allowedRegistries': list at least one registry",
    ],
    [
      ['registry.example.com', 'https://ghcr.io'],
      "'workspaces.environments[0].customImage.allowedRegistries[1]': 'https://ghcr.io' is not a registry",
    ],
    [
      ['Registry.Example.com/'],
      "allowedRegistries[0]': 'Registry.Example.com/' is not a registry",
    ],
  ])(
    'refuses allowedRegistries %j, naming the key',
    (allowedRegistries, message) => {
      const environment = {
        ...buildingBlocksConfig.environments[0],
        customImage: { allowedRegistries },
      };
      expect(() =>
        read({ ...buildingBlocksConfig, environments: [environment] }),
      ).toThrow(message);
    },
  );

  it('names the key of a missing required value', () => {
    const { image, ...noImage } = buildingBlocksConfig.environments[0];
    expect(() =>
      read({ ...buildingBlocksConfig, environments: [noImage] }),
    ).toThrow(/workspaces\.environments\[0\]\.image/);
  });
});

describe('readProvidedBuildingBlocks', () => {
  const fromConfig = read(buildingBlocksConfig);

  it('holds a provider’s blocks to the config’s rules, and keeps them as they are when they pass', () => {
    const { environments, computePresets, dataSources } = fromConfig;
    expect(
      readProvidedBuildingBlocks(
        { environments, computePresets, dataSources },
        'team-catalog',
      ),
    ).toEqual({ environments, computePresets, dataSources });
  });

  it('refuses a provider’s wrong block at start, naming the provider and the key', async () => {
    const [preset] = fromConfig.computePresets;
    const wrong = { ...preset, id: 'gpu-x', cpu: { request: 'lots' } };
    expect(() =>
      readProvidedBuildingBlocks({ computePresets: [wrong] }, 'team-catalog'),
    ).toThrow(
      "Invalid config at 'provider 'team-catalog'.computePresets[0].cpu.request': 'lots' is not a Kubernetes quantity",
    );
    await expect(
      BuildingBlockCatalog.create({
        config: { environments: [], computePresets: [], dataSources: [] },
        providers: [
          {
            name: 'team-catalog',
            getBuildingBlocks: async () => ({ computePresets: [wrong] }),
          },
        ],
      }),
    ).rejects.toThrow(
      /provider 'team-catalog'.computePresets\[0\].cpu.request/,
    );
  });
});
