import { presetPodTemplate } from '../__testUtils__/presetPodTemplate';
import {
  RESERVED_LABELS,
  RESERVED_PREFIX,
} from '../buildingBlocks/readScheduling';
import { workspaceLabels } from './labels';

/** The pod template of a workspace whose preset has `scheduling` (and `gpus`). */
function podOf(scheduling: Record<string, unknown>, gpus = 0) {
  return presetPodTemplate({
    preset: {
      id: 'shared-gpu',
      title: 'Shared GPU',
      cpu: { request: '1' },
      memory: { request: '1Gi' },
      gpu: { count: 1, nodeSelector: { 'nvidia.com/gpu.present': 'true' } },
      scheduling,
    },
    workspace: {
      id: '5b1f0c36-0c43-4e8a-9b8e-000000000002',
      name: 'fraction',
      namespace: 'vision',
      resources: { cpuMillicores: 1000, memoryBytes: 2 ** 30, gpus },
    },
    podAnnotations: { 'mesh.example.com/inject': 'false' },
  });
}

const nodeAffinity = {
  requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [
      {
        matchExpressions: [
          { key: 'pool', operator: 'In', values: ['a100', 'h100'] },
        ],
      },
    ],
  },
  preferredDuringSchedulingIgnoredDuringExecution: [
    {
      weight: 50,
      preference: {
        matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }],
      },
    },
  ],
};

describe('schedulingOf, through the pod template of buildWorkspaceManifests', () => {
  it.each([
    [
      'tolerations (after the GPU toleration of a GPU workspace)',
      { tolerations: [{ key: 'team', value: 'vision', effect: 'NoSchedule' }] },
      1,
      (pod: any) =>
        expect(pod.spec.tolerations).toEqual([
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'team', value: 'vision', effect: 'NoSchedule' },
        ]),
    ],
    [
      'tolerations of a workspace without GPUs',
      { tolerations: [{ key: 'pool', operator: 'Exists' }] },
      0,
      (pod: any) =>
        expect(pod.spec.tolerations).toEqual([
          { key: 'pool', operator: 'Exists' },
        ]),
    ],
    [
      'a node selector merged with the GPU one',
      { nodeSelector: { 'cloud.example.com/zone': 'eu-1' } },
      1,
      (pod: any) =>
        expect(pod.spec.nodeSelector).toEqual({
          'cloud.example.com/zone': 'eu-1',
          'nvidia.com/gpu.present': 'true',
        }),
    ],
    [
      'a node selector alone without GPUs',
      { nodeSelector: { pool: 'cpu' } },
      0,
      (pod: any) => expect(pod.spec.nodeSelector).toEqual({ pool: 'cpu' }),
    ],
    [
      'node affinity, required and preferred',
      { nodeAffinity },
      0,
      (pod: any) => expect(pod.spec.affinity).toEqual({ nodeAffinity }),
    ],
    [
      'priorityClassName, schedulerName and runtimeClassName',
      {
        priorityClassName: 'interactive',
        schedulerName: 'hami-scheduler',
        runtimeClassName: 'nvidia',
      },
      1,
      (pod: any) =>
        expect(pod.spec).toMatchObject({
          priorityClassName: 'interactive',
          schedulerName: 'hami-scheduler',
          runtimeClassName: 'nvidia',
        }),
    ],
    [
      'topology spread, counting workspace pods when no selector is given',
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
          },
          {
            maxSkew: 2,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { team: 'vision' } },
          },
        ],
      },
      0,
      (pod: any) =>
        expect(pod.spec.topologySpreadConstraints).toEqual([
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: {
              matchLabels: {
                'app.kubernetes.io/managed-by': 'backstage-workspaces',
              },
            },
          },
          {
            maxSkew: 2,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { team: 'vision' } },
          },
        ]),
    ],
    [
      "pod labels beside the plugin's own",
      { podLabels: { 'scheduling.example.com/queue': 'vision' } },
      0,
      (pod: any) =>
        expect(pod.metadata.labels).toMatchObject({
          'scheduling.example.com/queue': 'vision',
          'workspaces.backstage.io/workspace': 'fraction',
          'app.kubernetes.io/managed-by': 'backstage-workspaces',
        }),
    ],
    [
      'pod annotations (a GPU fraction) over the cluster-wide ones',
      {
        podAnnotations: {
          'gpu-fraction': '0.5',
          'mesh.example.com/inject': 'true',
        },
      },
      1,
      (pod: any) =>
        expect(pod.metadata.annotations).toEqual({
          'gpu-fraction': '0.5',
          'mesh.example.com/inject': 'true',
        }),
    ],
  ])('sets %s', (_what, scheduling, gpus, check) => {
    check(podOf(scheduling, gpus));
  });

  it('sets none of the fields when the preset has no scheduling', () => {
    const pod = podOf({}, 0);
    for (const field of [
      'nodeSelector',
      'tolerations',
      'affinity',
      'priorityClassName',
      'schedulerName',
      'runtimeClassName',
      'topologySpreadConstraints',
    ]) {
      expect(pod.spec).not.toHaveProperty(field);
    }
    expect(pod.metadata!.annotations).toEqual({
      'mesh.example.com/inject': 'false',
    });
  });

  it("refuses, at start, every label the plugin puts on a workspace's pod", () => {
    const own = Object.keys(
      workspaceLabels({ id: 'x', name: 'y', projectRef: 'system:default/z' }),
    );
    expect(own.length).toBeGreaterThan(2);
    for (const label of own) {
      expect(
        label.startsWith(RESERVED_PREFIX) || RESERVED_LABELS.includes(label),
      ).toBe(true);
    }
  });

  it('leaves out the GPU node selector of a preset run with 0 GPUs', () => {
    const pod = podOf({ nodeSelector: { pool: 'any' } }, 0);
    expect(pod.spec!.nodeSelector).toEqual({ pool: 'any' });
  });
});
