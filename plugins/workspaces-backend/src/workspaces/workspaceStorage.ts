import {
  parseQuantity,
  WorkspaceDataSource,
  WorkspaceStorage,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRecord } from '../model/records';

/**
 * The volumes a workspace owns (its data sources of type `volume`, at the
 * size it chose or the source's), as its spec requests them: what it holds
 * while stopped. Once dormancy deleted them only the retained ones are
 * left; a source no longer configured counts as nothing (its size is
 * unknown).
 */
export function workspaceStorage(
  record: Pick<
    WorkspaceRecord,
    'dataSources' | 'volumesDeletedAt' | 'desiredState'
  >,
  dataSources: WorkspaceDataSource[],
): WorkspaceStorage {
  const deleted = Boolean(
    record.volumesDeletedAt && record.desiredState === 'Stopped',
  );
  const volumes: WorkspaceStorage['volumes'] = [];
  for (const choice of record.dataSources) {
    const source = dataSources.find(s => s.id === choice.id);
    if (source?.type === 'volume' && !(deleted && !source.retain)) {
      volumes.push({
        dataSource: source.id,
        size: choice.size ?? source.size,
        retained: source.retain,
      });
    }
  }
  return {
    bytes: volumes.reduce(
      (sum, volume) => sum + (parseQuantity(volume.size) ?? 0),
      0,
    ),
    volumes,
  };
}
