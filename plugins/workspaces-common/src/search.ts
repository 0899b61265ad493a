import { WorkspaceStatus } from './schema/openapi';

/**
 * The search document type of workspaces, indexed by
 * `@backstage-workspaces/plugin-search-backend-module-workspaces`.
 * @public
 */
export const WORKSPACE_SEARCH_DOCUMENT_TYPE = 'workspace';

/**
 * A workspace in Backstage's search index: what a search result of type
 * `workspace` carries, for the result list item to show.
 * @public
 */
export interface WorkspaceSearchDocument {
  /** The workspace's name. */
  title: string;
  /** Project, environment, creator and status in words, for full-text search. */
  text: string;
  /** The workspace's details page. */
  location: string;
  /** The workspace's name (as the title). */
  name: string;
  /** Entity ref of the project. */
  project: string;
  /** Title of the environment (its id when the config no longer has it). */
  environment: string;
  /** Entity ref of the creator. */
  createdBy: string;
  /** The status when it was indexed. */
  status: WorkspaceStatus;
}
