/** A `workspaces:` config with one block of each kind and scope, for tests. */
export const buildingBlocksConfig = {
  admins: ['group:default/platform-admins'],
  environments: [
    {
      id: 'jupyterlab',
      title: 'JupyterLab',
      // simulated by kube-local (see realTools.ts for a real one)
      image: 'registry.example.com/test/scipy-notebook:2025-03-14',
      runAsUser: 1000,
      runAsGroup: 100,
      env: { JUPYTER_ENABLE_LAB: 'yes' },
      tools: [
        {
          id: 'jupyterlab',
          type: 'jupyterlab',
          title: 'JupyterLab',
          port: 8888,
        },
      ],
    },
    {
      id: 'vision-lab',
      title: 'Vision lab',
      image: 'registry.example.com/vision/lab:1.0',
      tools: [{ id: 'vscode', type: 'vscode', title: 'VS Code', port: 8080 }],
      projects: ['system:default/vision'],
    },
  ],
  computePresets: [
    {
      id: 'cpu-small',
      title: 'Small CPU',
      cpu: { request: '500m', limit: '2' },
      memory: { request: '1Gi', limit: '4Gi' },
      overrides: { memory: { min: '1Gi', max: '8Gi' } },
    },
    {
      id: 'gpu-1',
      title: '1 GPU',
      cpu: { request: '4' },
      memory: { request: '16Gi' },
      gpu: { count: 1, nodeSelector: { 'nvidia.com/gpu.present': 'true' } },
      sharedMemory: '8Gi',
      gpuDescription: 'one simulated GPU',
      overrides: { gpu: { min: 0, max: 2 } },
      projects: ['vision'],
    },
  ],
  dataSources: [
    {
      id: 'home',
      type: 'volume',
      title: 'Home volume',
      mountPath: '/home/jovyan/work',
      size: '10Gi',
      maxSize: '100Gi',
    },
    {
      id: 'examples',
      type: 'git',
      title: 'Examples repository',
      mountPath: '/home/jovyan/examples',
      repository: 'https://git.example.com/ml/examples.git',
      branch: 'main',
    },
  ],
};

/** Scratch space as an admin would configure it. */
export const scratchDataSource = {
  id: 'tmp',
  type: 'scratch',
  title: 'Scratch',
  mountPath: '/scratch',
  size: '50Gi',
  storageClassName: 'local-nvme',
};

/** A compute preset no node can hold: its pod stays Pending, saying why. */
export const hundredGpusPreset = {
  id: 'gpu-hundred',
  title: '100 GPUs',
  cpu: { request: '1' },
  memory: { request: '1Gi' },
  gpu: { count: 100 },
};
