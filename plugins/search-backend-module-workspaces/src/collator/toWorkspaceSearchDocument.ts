import { IndexableDocument } from '@backstage/plugin-search-common';
import {
  WorkspaceSearchDocument,
  WorkspaceSearchEntry,
} from '@backstage-workspaces/plugin-workspaces-common';

/** A workspace as the search index keeps it. */
export type WorkspaceIndexableDocument = WorkspaceSearchDocument &
  IndexableDocument;

/**
 * The search document of a workspace: its name as the title, the facts users
 * search by as text and fields, a link to its details page (`locationTemplate`
 * with `:id`), and its id as the resource the search backend checks the
 * reader's `workspace.read` permission on, so that only those who may see
 * the workspace find it.
 */
export function toWorkspaceSearchDocument(
  entry: WorkspaceSearchEntry,
  options: { locationTemplate: string },
): WorkspaceIndexableDocument {
  const environment = entry.environmentTitle ?? entry.environment;
  return {
    title: entry.name,
    text: `Workspace in ${entry.project}, environment ${environment}, created by ${entry.createdBy}, ${entry.status}`,
    location: options.locationTemplate.replace(
      ':id',
      encodeURIComponent(entry.id),
    ),
    name: entry.name,
    project: entry.project,
    environment,
    createdBy: entry.createdBy,
    status: entry.status,
    authorization: { resourceRef: entry.id },
  };
}
