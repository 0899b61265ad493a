import {
  describeShortfall,
  findQuotaShortfall,
  limitEntries,
  namespaceQuotaEntries,
  QuotaAsk,
  toQuotaItem,
} from './quotaEntries';

const oneGpu: QuotaAsk = {
  cpuMillicores: 4000,
  memoryBytes: 16 * 2 ** 30,
  gpus: 1,
  gpuResourceName: 'nvidia.com/gpu',
  memoryLimitBytes: 16 * 2 ** 30,
};
const cpuOnly: QuotaAsk = { ...oneGpu, gpus: 0, cpuMillicores: 500 };

const namespace = (
  hard: Record<string, string>,
  used: Record<string, string>,
) =>
  namespaceQuotaEntries(
    'vision',
    [{ name: 'compute', hard, used }],
    ['nvidia.com/gpu'],
  );

describe('quota entries', () => {
  it.each([
    [
      'the namespace GPU quota is used up',
      oneGpu,
      namespace(
        { 'requests.nvidia.com/gpu': '2' },
        { 'requests.nvidia.com/gpu': '2' },
      ),
      'Not enough quota: ResourceQuota compute in namespace vision: requests.nvidia.com/gpu asked 1, used 2, hard 2',
    ],
    [
      'requests.cpu in millicores',
      oneGpu,
      namespace({ 'requests.cpu': '6' }, { 'requests.cpu': '2500m' }),
      'Not enough quota: ResourceQuota compute in namespace vision: requests.cpu asked 4, used 2500m, hard 6',
    ],
    [
      'limits.memory',
      oneGpu,
      namespace({ 'limits.memory': '20Gi' }, { 'limits.memory': '8Gi' }),
      'Not enough quota: ResourceQuota compute in namespace vision: limits.memory asked 16Gi, used 8Gi, hard 20Gi',
    ],
    [
      'the pod count',
      cpuOnly,
      namespace({ pods: '3' }, { pods: '3' }),
      'Not enough quota: ResourceQuota compute in namespace vision: pods asked 1, used 3, hard 3',
    ],
    [
      'a per-user GPU limit',
      oneGpu,
      limitEntries(
        'user',
        'the limit of user:default/bob (workspaces.quotas.perUser)',
        { gpus: 1 },
        {
          workspaces: 1,
          gpus: 1,
          cpuMillicores: 4000,
          memoryBytes: 0,
        },
      ),
      'Not enough quota: the limit of user:default/bob (workspaces.quotas.perUser): gpus asked 1, used 1, limit 1',
    ],
    [
      'a per-project count of running workspaces',
      cpuOnly,
      limitEntries(
        'project',
        'the limit of project system:default/vision (workspaces.quotas.perProject)',
        { workspaces: 2 },
        {
          workspaces: 2,
          gpus: 0,
          cpuMillicores: 1000,
          memoryBytes: 0,
        },
      ),
      'Not enough quota: the limit of project system:default/vision (workspaces.quotas.perProject): workspaces asked 1, used 2, limit 2',
    ],
  ])('refuses when %s', (_name, ask, entries, message) => {
    const shortfall = findQuotaShortfall(ask, entries);
    expect(shortfall && describeShortfall(shortfall)).toBe(message);
  });

  it.each([
    [
      'a CPU workspace under a used-up GPU quota',
      cpuOnly,
      namespace(
        { 'requests.nvidia.com/gpu': '2' },
        { 'requests.nvidia.com/gpu': '2' },
      ),
    ],
    [
      'an exact fit',
      oneGpu,
      namespace(
        { 'requests.nvidia.com/gpu': '2', 'requests.cpu': '4500m' },
        { 'requests.nvidia.com/gpu': '1', 'requests.cpu': '500m' },
      ),
    ],
    [
      'quotas on resources workspaces do not use',
      oneGpu,
      namespace(
        { 'requests.storage': '1Gi', services: '0' },
        { 'requests.storage': '1Gi', services: '0' },
      ),
    ],
    [
      'no used figures yet',
      oneGpu,
      namespace({ 'requests.nvidia.com/gpu': '1' }, {}),
    ],
  ])('lets through %s', (_name, ask, entries) => {
    expect(findQuotaShortfall(ask, entries)).toBeUndefined();
  });

  it('shows what remains', () => {
    expect(
      namespace(
        { 'requests.nvidia.com/gpu': '4', 'requests.memory': '64Gi' },
        { 'requests.nvidia.com/gpu': '1', 'requests.memory': '80Gi' },
      ).map(toQuotaItem),
    ).toEqual([
      {
        scope: 'namespace',
        name: 'ResourceQuota compute in namespace vision',
        resource: 'requests.nvidia.com/gpu',
        hard: '4',
        used: '1',
        remaining: '3',
      },
      {
        scope: 'namespace',
        name: 'ResourceQuota compute in namespace vision',
        resource: 'requests.memory',
        hard: '64Gi',
        used: '80Gi',
        remaining: '0',
      },
    ]);
  });
});
