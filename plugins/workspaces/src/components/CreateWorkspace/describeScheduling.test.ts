import { WorkspaceComputePreset } from '@backstage-workspaces/plugin-workspaces-common';
import { englishT } from '../../__testUtils__/translation';
import { describeScheduling } from './describeScheduling';

const base: WorkspaceComputePreset = {
  id: 'p',
  title: 'P',
  cpu: { request: '1' },
  memory: { request: '1Gi' },
  overrides: {},
  scope: { kind: 'all' },
};
const scheduling = {
  nodeSelector: {},
  tolerations: [],
  topologySpreadConstraints: [],
  podLabels: {},
  podAnnotations: {},
};

describe('describeScheduling', () => {
  it.each([
    ['a preset without scheduling', base, []],
    [
      'a GPU fraction through a scheduler',
      {
        ...base,
        gpuDescription: '0.5 of an A100',
        scheduling: { ...scheduling, schedulerName: 'hami-scheduler' },
      },
      ['GPU: 0.5 of an A100 via hami-scheduler'],
    ],
    [
      'a GPU description without a scheduler',
      { ...base, gpuDescription: 'one MIG 1g.10gb slice' },
      ['GPU: one MIG 1g.10gb slice'],
    ],
    [
      'a scheduler without a GPU description',
      { ...base, scheduling: { ...scheduling, schedulerName: 'volcano' } },
      ['Scheduled via volcano'],
    ],
    [
      'node labels of the scheduling and the GPU, and the priority',
      {
        ...base,
        gpu: {
          count: 1,
          resourceName: 'nvidia.com/gpu',
          nodeSelector: { 'nvidia.com/gpu.present': 'true' },
        },
        scheduling: {
          ...scheduling,
          nodeSelector: { pool: 'a100' },
          priorityClassName: 'interactive',
        },
      },
      [
        'Nodes: pool=a100, nvidia.com/gpu.present=true',
        'Priority: interactive',
      ],
    ],
  ])('describes %s', (_what, preset, lines) => {
    expect(
      describeScheduling(preset as WorkspaceComputePreset, englishT),
    ).toEqual(lines);
  });
});
