import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRecord } from '../model/records';

/** A building block a workspace uses that its project no longer has. */
export interface UnavailableBlock {
  /** The status reason it gives the workspace. */
  reason:
    | 'EnvironmentUnavailable'
    | 'ComputePresetUnavailable'
    | 'DataSourceUnavailable';
  /** The request field that picks another one. */
  field: string;
  kind: 'environment' | 'compute preset' | 'data source';
  id: string;
}

/**
 * The first building block (environment, compute preset, data source) a
 * workspace uses that is no longer available to its project, e.g. removed
 * from the config since; undefined while all are there.
 */
export function findUnavailableBlock(
  record: Pick<
    WorkspaceRecord,
    'environmentId' | 'computePresetId' | 'dataSources'
  >,
  blocks: WorkspaceBuildingBlocks,
): UnavailableBlock | undefined {
  if (!blocks.environments.some(e => e.id === record.environmentId)) {
    return {
      reason: 'EnvironmentUnavailable',
      field: 'environment',
      kind: 'environment',
      id: record.environmentId,
    };
  }
  if (!blocks.computePresets.some(p => p.id === record.computePresetId)) {
    return {
      reason: 'ComputePresetUnavailable',
      field: 'compute.preset',
      kind: 'compute preset',
      id: record.computePresetId,
    };
  }
  const index = record.dataSources.findIndex(
    choice => !blocks.dataSources.some(s => s.id === choice.id),
  );
  if (index >= 0) {
    return {
      reason: 'DataSourceUnavailable',
      field: `dataSources[${index}].id`,
      kind: 'data source',
      id: record.dataSources[index].id,
    };
  }
  return undefined;
}

/** What to do about it, in the words of a status message. */
export function describeUnavailableBlock(
  unavailable: UnavailableBlock,
  projectRef: string,
): string {
  const { kind, id } = unavailable;
  return `the ${kind} ${id} is no longer available to ${projectRef}; edit the workspace to pick another ${kind}, then start it`;
}
