import { ConfigReader } from '@backstage/config';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { findUnavailableBlock } from '../buildingBlocks/findUnavailableBlock';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { unavailableBlockStatus } from './unavailableBlockStatus';

const { environments, computePresets, dataSources } = readBuildingBlocksConfig(
  new ConfigReader({ workspaces: buildingBlocksConfig }),
);
const blocks = { environments, computePresets, dataSources };
const record = {
  environmentId: 'jupyterlab',
  computePresetId: 'cpu-small',
  dataSources: [{ id: 'home' }],
};

describe('findUnavailableBlock', () => {
  it('finds nothing while every block of the workspace is there', () => {
    expect(findUnavailableBlock(record, blocks)).toBeUndefined();
  });

  it('names the first block that is gone, its kind and the field that picks another', () => {
    expect(
      findUnavailableBlock({ ...record, environmentId: 'old-lab' }, blocks),
    ).toEqual({
      reason: 'EnvironmentUnavailable',
      field: 'environment',
      kind: 'environment',
      id: 'old-lab',
    });
    expect(
      findUnavailableBlock({ ...record, computePresetId: 'gpu-old' }, blocks),
    ).toMatchObject({
      reason: 'ComputePresetUnavailable',
      field: 'compute.preset',
    });
    expect(
      findUnavailableBlock(
        { ...record, dataSources: [{ id: 'home' }, { id: 'nfs-old' }] },
        blocks,
      ),
    ).toMatchObject({
      reason: 'DataSourceUnavailable',
      field: 'dataSources[1].id',
      id: 'nfs-old',
    });
  });
});

describe('unavailableBlockStatus', () => {
  const gone = findUnavailableBlock(
    { ...record, environmentId: 'old-lab' },
    blocks,
  )!;
  const projectRef = 'system:default/vision';

  it('fails a start, saying what is gone and to edit the workspace', () => {
    expect(
      unavailableBlockStatus(
        { desiredState: 'Running', projectRef },
        gone,
        false,
      ),
    ).toEqual({
      status: 'Failed',
      reason: 'EnvironmentUnavailable',
      message:
        'Cannot start: the environment old-lab is no longer available to system:default/vision; edit the workspace to pick another environment, then start it',
    });
  });

  it('is Stopping while the pod of a stop goes, then Stopped with the volumes kept', () => {
    const stopped = { desiredState: 'Stopped' as const, projectRef };
    expect(unavailableBlockStatus(stopped, gone, true)).toMatchObject({
      status: 'Stopping',
      reason: 'EnvironmentUnavailable',
    });
    expect(unavailableBlockStatus(stopped, gone, false)).toEqual({
      status: 'Stopped',
      reason: 'EnvironmentUnavailable',
      message:
        'Stopped: the environment old-lab is no longer available to system:default/vision; edit the workspace to pick another environment, then start it. Its configuration and volumes are kept',
    });
  });
});
