import { ConfigReader } from '@backstage/config';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { readBuildingBlocksConfig } from './readBuildingBlocksConfig';

/** Reads the test config with a GPU preset that has `scheduling`. */
function readScheduling(scheduling: unknown) {
  const gpuPreset = buildingBlocksConfig.computePresets[1];
  return readBuildingBlocksConfig(
    new ConfigReader({
      workspaces: {
        ...buildingBlocksConfig,
        computePresets: [{ ...gpuPreset, scheduling }],
      },
    } as any),
  ).computePresets[0].scheduling;
}

const at = 'workspaces.computePresets[0].scheduling';

describe('readScheduling (compute preset scheduling in the config)', () => {
  it('reads every field as written, with empty maps and lists when absent', () => {
    expect(readScheduling(undefined)).toEqual({
      nodeSelector: {},
      tolerations: [],
      topologySpreadConstraints: [],
      podLabels: {},
      podAnnotations: {},
    });
    const full = {
      nodeSelector: { 'nvidia.com/gpu.product': 'A100' },
      tolerations: [
        {
          key: 'dedicated',
          operator: 'Equal',
          value: 'ml',
          effect: 'NoSchedule',
        },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ],
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'pool', operator: 'In', values: ['a'] },
              ],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 10,
            preference: {
              matchExpressions: [
                { key: 'mem', operator: 'Gt', values: ['64'] },
              ],
            },
          },
        ],
      },
      priorityClassName: 'interactive',
      schedulerName: 'hami-scheduler',
      runtimeClassName: 'nvidia',
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
        },
      ],
      podLabels: { 'kueue.x-k8s.io/queue-name': 'vision' },
      podAnnotations: { 'nvidia.com/gpumem-percentage': '50' },
    };
    expect(readScheduling(full)).toEqual(full);
  });

  it.each([
    [
      { nodeSelector: { 'bad key!': 'x' } },
      `${at}.nodeSelector.bad key!`,
      'qualified name',
    ],
    [
      { nodeSelector: { pool: 'has space' } },
      `${at}.nodeSelector.pool`,
      'label value',
    ],
    [
      { nodeSelector: { 'nvidia.com/gpu.present': 'false' } },
      `${at}.nodeSelector.nvidia.com/gpu.present`,
      "contradicts the gpu.nodeSelector's 'true'",
    ],
    [
      { tolerations: [{ effect: 'NoSchedule' }] },
      `${at}.tolerations[0].operator`,
      'without a key',
    ],
    [
      { tolerations: [{ key: 'a', operator: 'Maybe' }] },
      `${at}.tolerations[0].operator`,
      'one of Exists, Equal',
    ],
    [
      { tolerations: [{ key: 'a', effect: 'Sometimes' }] },
      `${at}.tolerations[0].effect`,
      'one of NoSchedule',
    ],
    [
      { tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] },
      `${at}.tolerations[0].value`,
      'no value',
    ],
    [
      {
        tolerations: [{ key: 'a', effect: 'NoSchedule', tolerationSeconds: 5 }],
      },
      `${at}.tolerations[0].tolerationSeconds`,
      'NoExecute',
    ],
    [
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{}],
          },
        },
      },
      `${at}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]`,
      'matchExpressions or matchFields',
    ],
    [
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'pool', operator: 'In' }] },
            ],
          },
        },
      },
      `${at}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`,
      'one or more values',
    ],
    [
      {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 0,
              preference: {
                matchExpressions: [{ key: 'a', operator: 'Exists' }],
              },
            },
          ],
        },
      },
      `${at}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
      'from 1 to 100',
    ],
    [
      { priorityClassName: 'Not_A_Name' },
      `${at}.priorityClassName`,
      'DNS-1123 subdomain',
    ],
    [
      { schedulerName: 'has space' },
      `${at}.schedulerName`,
      'DNS-1123 subdomain',
    ],
    [
      { runtimeClassName: 'UPPER' },
      `${at}.runtimeClassName`,
      'DNS-1123 subdomain',
    ],
    [
      {
        topologySpreadConstraints: [
          {
            maxSkew: 0,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ],
      },
      `${at}.topologySpreadConstraints[0].maxSkew`,
      '>= 1',
    ],
    [
      {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' },
        ],
      },
      `${at}.topologySpreadConstraints[0].whenUnsatisfiable`,
      'one of DoNotSchedule, ScheduleAnyway',
    ],
    [
      { podLabels: { 'workspaces.backstage.io/workspace-id': 'other' } },
      `${at}.podLabels.workspaces.backstage.io/workspace-id`,
      "the plugin's own",
    ],
    [
      { podLabels: { 'app.kubernetes.io/managed-by': 'someone' } },
      `${at}.podLabels.app.kubernetes.io/managed-by`,
      "the plugin's own",
    ],
    [
      { podAnnotations: { 'workspaces.backstage.io/anything': 'x' } },
      `${at}.podAnnotations.workspaces.backstage.io/anything`,
      "the plugin's own",
    ],
    [
      { podAnnotations: { 'gpu-fraction': 0.5 } },
      `${at}.podAnnotations.gpu-fraction`,
      'must be a string',
    ],
  ])('refuses %j naming %s', (scheduling, key, rule) => {
    let message = '';
    try {
      readScheduling(scheduling);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Invalid config at '${key}'`);
    expect(message).toContain(rule);
  });
});
