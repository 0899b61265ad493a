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
