/**
 * Isomorphic types, permissions, constants and the API client of the
 * Workspaces plugin family.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './entityRefs';
export * from './explainWorkspaceStatus';
export * from './formatDuration';
export * from './buildingBlocks';
export * from './imageReference';
export * from './checkWorkspaceSpec';
export * from './permissions';
export * from './projects';
export * from './quantity';
export * from './search';
export * from './workspaces';
export * from './workspaceListing';
export {
  DefaultApiClient as WorkspacesApiClient,
  type ComputeOverrides,
  type ContainerStateSummary,
  type ContainerStatusSummary,
  type CreateWorkspaceRequest,
  type DesiredState,
  type EnvVar,
  type EnvVarInput,
  type ExplanationResource,
  type KubernetesEvent,
  type KubernetesEventInvolvedObject,
  type PodCondition,
  type ProjectQuota,
  type ProjectSummary,
  type QuotaItem,
  type Weekday,
  type ToolConnection,
  type UpdateWorkspaceRequest,
  type Workspace,
  type WorkspaceAutoStop,
  type WorkspaceCompute,
  type WorkspaceDataSourceChoice,
  type WorkspaceDormancy,
  type WorkspaceExplanation,
  type WorkspaceExplanationDetails,
  type WorkspaceObject,
  type WorkspaceObjectPod,
  type WorkspaceObjectStatefulSet,
  type WorkspaceObjectVolumeClaim,
  type WorkspacePage,
  type WorkspaceResources,
  type WorkspaceRun,
  type WorkspaceSchedule,
  type WorkspaceSearchEntry,
  type WorkspaceSearchPage,
  type WorkspaceScheduleTime,
  type WorkspaceStatus,
  type WorkspaceStatusEvent,
  type WorkspaceStorage,
  type WorkspaceStorageVolumesInner,
} from './schema/openapi';
