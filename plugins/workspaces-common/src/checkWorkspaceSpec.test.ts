import { WorkspaceBuildingBlocks } from './buildingBlocks';
import { checkWorkspaceName, checkWorkspaceSpec } from './checkWorkspaceSpec';

const blocks: WorkspaceBuildingBlocks = {
  environments: [
    {
      id: 'jupyterlab',
      title: 'JupyterLab',
      image: 'quay.io/jupyter/scipy-notebook:2025-03-14',
      imagePullPolicy: 'IfNotPresent',
      env: {},
      tools: [],
      scope: { kind: 'all' },
    },
  ],
  computePresets: [
    {
      id: 'small',
      title: 'Small',
      cpu: { request: '1' },
      memory: { request: '4Gi' },
      overrides: { cpu: { min: '500m', max: '4' } },
      scope: { kind: 'all' },
    },
  ],
  dataSources: [
    {
      id: 'home',
      title: 'Home',
      mountPath: '/home/jovyan',
      type: 'volume',
      size: '10Gi',
      maxSize: '50Gi',
      accessMode: 'ReadWriteOnce',
      retain: false,
      scope: { kind: 'all' },
    },
    {
      id: 'repo',
      title: 'Repo',
      mountPath: '/src',
      type: 'git',
      repository: 'https://example.com/repo.git',
      scope: { kind: 'all' },
    },
  ],
};

describe('checkWorkspaceName', () => {
  it.each(['a', 'train-1', 'x'.repeat(40)])('accepts %j', name => {
    expect(checkWorkspaceName(name)).toBeUndefined();
  });

  it.each(['', 'Train', '-a', 'a-', 'a_b', 'x'.repeat(41)])(
    'refuses %j naming the field',
    name => {
      expect(checkWorkspaceName(name)).toEqual({
        field: 'name',
        message: expect.stringContaining('lower-case letters'),
      });
    },
  );
});

describe('checkWorkspaceSpec', () => {
  it('accepts a request within the building blocks', () => {
    expect(
      checkWorkspaceSpec(
        {
          environment: 'jupyterlab',
          compute: { preset: 'small', overrides: { cpu: '2' } },
          dataSources: [{ id: 'home', size: '20Gi' }, { id: 'repo' }],
          env: [{ name: 'MODE', value: 'train' }],
        },
        blocks,
        'system:default/vision',
      ),
    ).toEqual([]);
  });

  it('lists every problem with its field', () => {
    expect(
      checkWorkspaceSpec(
        {
          environment: 'rstudio',
          compute: {
            preset: 'small',
            overrides: { cpu: '8', memory: '8Gi', gpu: 1 },
          },
          dataSources: [
            { id: 'home', size: '100Gi' },
            { id: 'home' },
            { id: 'repo', size: '1Gi' },
            { id: 'scratch' },
          ],
          env: [
            { name: '1BAD', value: 'x' },
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        },
        blocks,
        'system:default/vision',
      ),
    ).toEqual([
      {
        field: 'environment',
        message:
          "'rstudio' is not an environment available to system:default/vision; available: jupyterlab",
      },
      {
        field: 'compute.overrides.cpu',
        message:
          '8 is outside the range 500m to 4 that compute preset small allows',
      },
      {
        field: 'compute.overrides.memory',
        message: 'compute preset small does not allow changing memory',
      },
      {
        field: 'compute.overrides.gpu',
        message:
          'compute preset small does not allow changing the number of GPUs',
      },
      {
        field: 'dataSources[0].size',
        message: '100Gi is larger than 50Gi, the most data source home allows',
      },
      { field: 'dataSources[1].id', message: "'home' is chosen twice" },
      {
        field: 'dataSources[2].size',
        message: "only a new volume has a size; 'repo' is a git source",
      },
      {
        field: 'dataSources[3].id',
        message:
          "'scratch' is not a data source available to system:default/vision; available: home, repo",
      },
      {
        field: 'env[0].name',
        message:
          "'1BAD' must start with a letter or '_' and contain only letters, digits and '_'",
      },
      { field: 'env[2].name', message: "'A' is set twice" },
    ]);
  });

  describe('an environment in its lifecycle', () => {
    const lifecycleBlocks: WorkspaceBuildingBlocks = {
      ...blocks,
      environments: [
        {
          ...blocks.environments[0],
          id: 'old',
          lifecycle: 'hidden',
          replacedBy: 'jupyterlab',
        },
        { ...blocks.environments[0], id: 'older', lifecycle: 'hidden' },
        { ...blocks.environments[0], id: 'aging', lifecycle: 'deprecated' },
        blocks.environments[0],
      ],
    };
    const check = (environment: string, currentEnvironment?: string) =>
      checkWorkspaceSpec(
        { environment, compute: { preset: 'small' } },
        lifecycleBlocks,
        'system:default/vision',
        { currentEnvironment },
      );

    it('refuses a hidden one for a new workspace, naming the rule and the replacement', () => {
      expect(check('old')).toEqual([
        {
          field: 'environment',
          message:
            "'old' is hidden: it is no longer offered for new workspaces, only kept for the workspaces that use it; use jupyterlab",
        },
      ]);
      expect(check('older')[0].message).toBe(
        "'older' is hidden: it is no longer offered for new workspaces, only kept for the workspaces that use it",
      );
    });

    it('lets a workspace keep its hidden one, but not change to another hidden one', () => {
      expect(check('old', 'old')).toEqual([]);
      expect(check('older', 'old')).toHaveLength(1);
    });

    it('accepts a deprecated one', () => {
      expect(check('aging')).toEqual([]);
    });

    it('does not list hidden ones as available', () => {
      expect(check('nope')[0].message).toBe(
        "'nope' is not an environment available to system:default/vision; available: aging, jupyterlab",
      );
    });
  });

  it('names an unknown compute preset and the ones available', () => {
    expect(
      checkWorkspaceSpec(
        { environment: 'jupyterlab', compute: { preset: 'huge' } },
        blocks,
        'system:default/vision',
      ),
    ).toEqual([
      {
        field: 'compute.preset',
        message:
          "'huge' is not a compute preset available to system:default/vision; available: small",
      },
    ]);
  });
});
