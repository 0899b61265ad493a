import { WorkspaceSearchEntry } from '@backstage-workspaces/plugin-workspaces-common';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { WorkspaceRecord } from '../model/records';

/**
 * What the search index gets of a workspace: the facts a user searches by,
 * never its configuration (env vars, images, data sources).
 */
export function toWorkspaceSearchEntry(
  record: WorkspaceRecord,
  buildingBlocks: BuildingBlockCatalog,
): WorkspaceSearchEntry {
  const environment = buildingBlocks
    .forProject(record.projectRef)
    .environments.find(block => block.id === record.environmentId);
  return {
    id: record.id,
    name: record.name,
    project: record.projectRef,
    environment: record.environmentId,
    ...(environment && { environmentTitle: environment.title }),
    createdBy: record.createdBy,
    status: record.status,
  };
}
