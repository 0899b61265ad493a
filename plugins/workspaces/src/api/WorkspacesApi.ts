import { createApiRef } from '@backstage/core-plugin-api';
import {
  WorkspaceBuildingBlocks,
  WorkspacePage,
} from '@backstage-workspaces/plugin-workspaces-common';

/** What the frontend asks of the Workspaces backend. @public */
export interface WorkspacesApi {
  /**
   * The environments, compute presets and data sources a project may use;
   * without a project, those open to every project.
   */
  getBuildingBlocks(options?: {
    project?: string;
  }): Promise<WorkspaceBuildingBlocks>;

  /** A page of the workspaces the user may see, newest first. */
  listWorkspaces(options?: {
    project?: string;
    limit?: number;
  }): Promise<WorkspacePage>;

  /** The Kubernetes clusters workspaces can run on; none means they cannot run. */
  getClusters(): Promise<Array<{ name: string }>>;
}

/** @public */
export const workspacesApiRef = createApiRef<WorkspacesApi>({
  id: 'plugin.workspaces.api',
});
