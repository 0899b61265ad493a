import { WorkspaceStatus } from './schema/openapi';

/**
 * Every status a workspace can have, in lifecycle order.
 * @public
 */
export const WORKSPACE_STATUSES = [
  'Creating',
  'Pending',
  'Initializing',
  'Running',
  'Degraded',
  'Stopping',
  'Stopped',
  'Failed',
  'Deleting',
  'Unknown',
] as const satisfies readonly WorkspaceStatus[];

/**
 * The statuses of a run on its way to its tools: requested, scheduled,
 * containers starting.
 * @public
 */
export const STARTING_STATUSES = [
  'Creating',
  'Pending',
  'Initializing',
] as const satisfies readonly WorkspaceStatus[];

/**
 * The statuses in which a workspace's tools answer (Degraded: some of them).
 * @public
 */
export const TOOLS_UP_STATUSES = [
  'Running',
  'Degraded',
] as const satisfies readonly WorkspaceStatus[];

/**
 * The statuses of a run that holds its resources: starting or tools up.
 * @public
 */
export const ACTIVE_STATUSES = [
  ...STARTING_STATUSES,
  ...TOOLS_UP_STATUSES,
] as const satisfies readonly WorkspaceStatus[];

/** Whether a status is one of a group. @public */
export function isStatusIn(
  group: readonly WorkspaceStatus[],
  status: WorkspaceStatus,
): boolean {
  return group.includes(status);
}

/**
 * Rules for a workspace name: a DNS-1123 label of at most 40 characters,
 * leaving room for suffixes in the Kubernetes object names.
 * @public
 */
export const WORKSPACE_NAME_RULE = {
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  maxLength: 40,
  description:
    'lower-case letters, digits and "-", starting and ending with a letter or digit, at most 40 characters',
};

/**
 * The Backstage signals channel on which the backend tells the members of a
 * project that one of its workspaces changed (intent or observed status).
 * @public
 */
export const WORKSPACES_SIGNAL_CHANNEL = 'workspaces:changed';

/**
 * The message of a {@link WORKSPACES_SIGNAL_CHANNEL} signal: which workspace
 * changed. Clients read the workspace itself through the API.
 * @public
 */
export type WorkspaceChangedSignal = {
  workspaceId: string;
  project: string;
  status: WorkspaceStatus;
};
