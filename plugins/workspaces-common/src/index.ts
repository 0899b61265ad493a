/**
 * Isomorphic types, permissions, constants and the API client of the
 * Workspaces plugin family.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './entityRefs';
export * from './buildingBlocks';
export * from './checkWorkspaceSpec';
export * from './permissions';
export * from './projects';
export * from './quantity';
export * from './workspaces';
export {
  DefaultApiClient as WorkspacesApiClient,
  type ComputeOverrides,
  type CreateWorkspaceRequest,
  type DesiredState,
  type EnvVar,
  type EnvVarInput,
  type ProjectSummary,
  type ToolConnection,
  type UpdateWorkspaceRequest,
  type Workspace,
  type WorkspaceCompute,
  type WorkspaceDataSourceChoice,
  type WorkspacePage,
  type WorkspaceResources,
  type WorkspaceRun,
  type WorkspaceStatus,
  type WorkspaceStatusEvent,
} from './schema/openapi';
