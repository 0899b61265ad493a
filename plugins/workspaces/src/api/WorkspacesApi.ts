import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateWorkspaceRequest,
  KubernetesEvent,
  ProjectQuota,
  ProjectSummary,
  ToolConnection,
  UpdateWorkspaceRequest,
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceExplanation,
  WorkspaceListSort,
  WorkspaceObject,
  WorkspacePage,
  WorkspaceRun,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';

/** Which workspaces to list; see the backend's `GET /workspaces`. @public */
export interface ListWorkspacesOptions {
  project?: string;
  /** Statuses, separated by commas. */
  status?: string;
  /** Entity ref of the creator. */
  createdBy?: string;
  /** Only workspaces that request at least this many GPUs. */
  minGpus?: number;
  /** Only workspaces whose current run is on this node. */
  node?: string;
  /** true: only stopped workspaces warned of a dormancy deletion; false: the others. */
  dormant?: boolean;
  q?: string;
  /**
   * `runStartedAt` ascending is the longest running first, `lastActivityAt`
   * ascending the longest idle first; workspaces without a value come last.
   */
  sort?: WorkspaceListSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** Which part of a container's log to read; see the backend's `GET /workspaces/{id}/logs`. @public */
export interface WorkspaceLogsOptions {
  /** The container (init containers too); needed where the pod has several. */
  container?: string;
  /** The last lines, 1 to 10000 (default 1000). */
  tail?: number;
  /** Only the lines of the last this many seconds. */
  sinceSeconds?: number;
  /** The container's previous instance, before its last restart. */
  previous?: boolean;
}

/** What the frontend asks of the Workspaces backend. @public */
export interface WorkspacesApi {
  /**
   * The environments, compute presets and data sources a project may use;
   * without a project, those open to every project. Hidden environments
   * (no longer offered for new workspaces) only with `includeHidden`.
   */
  getBuildingBlocks(options?: {
    project?: string;
    includeHidden?: boolean;
  }): Promise<WorkspaceBuildingBlocks>;

  /** A page of the workspaces the user may see, newest first. */
  listWorkspaces(options?: ListWorkspacesOptions): Promise<WorkspacePage>;

  /** The Kubernetes clusters workspaces can run on; none means they cannot run. */
  getClusters(): Promise<Array<{ name: string }>>;

  getWorkspace(workspaceId: string): Promise<Workspace>;

  /** Creates a workspace, and starts it unless `start` is false. */
  createWorkspace(request: CreateWorkspaceRequest): Promise<Workspace>;

  /** Changes a workspace; a running one takes the change at its next start. */
  updateWorkspace(
    workspaceId: string,
    request: UpdateWorkspaceRequest,
  ): Promise<Workspace>;

  startWorkspace(workspaceId: string): Promise<Workspace>;

  /** Stops a workspace, keeping its configuration and volumes. */
  stopWorkspace(workspaceId: string): Promise<Workspace>;

  deleteWorkspace(workspaceId: string): Promise<Workspace>;

  /** The runs of a workspace, newest first. */
  listRuns(workspaceId: string): Promise<WorkspaceRun[]>;

  /** The status changes of a workspace, newest first. */
  listEvents(workspaceId: string): Promise<WorkspaceStatusEvent[]>;

  /** Counts by status and what the running workspaces of a project request. */
  getProjectSummary(project: string): Promise<ProjectSummary>;

  /**
   * Postpones the warned automatic stop of a running workspace by the
   * configured extension (a bounded number of times per run).
   */
  keepAlive(workspaceId: string): Promise<Workspace>;

  /** What a project may still start: namespace quotas and configured limits. */
  getProjectQuota(project: string): Promise<ProjectQuota>;

  /** A URL that opens a tool of a running workspace in a new browser tab. */
  connectTool(workspaceId: string, toolId: string): Promise<ToolConnection>;

  /** A container's log of the workspace's current pod (at most 1 MiB). */
  getLogs(workspaceId: string, options?: WorkspaceLogsOptions): Promise<string>;

  /**
   * A container's log, then its new lines as they are written, as text
   * chunks; ends with the container or when `signal` aborts.
   */
  followLogs(
    workspaceId: string,
    options?: WorkspaceLogsOptions & { signal?: AbortSignal },
  ): AsyncGenerator<string>;

  /** The Kubernetes events of the workspace's objects, newest first. */
  listKubernetesEvents(workspaceId: string): Promise<KubernetesEvent[]>;

  /** The live state of the Kubernetes objects the workspace owns. */
  listObjects(workspaceId: string): Promise<WorkspaceObject[]>;

  /** Why the workspace is in its status: what happened and what to do. */
  getExplanation(workspaceId: string): Promise<WorkspaceExplanation>;
}

/** @public */
export const workspacesApiRef = createApiRef<WorkspacesApi>({
  id: 'plugin.workspaces.api',
});
