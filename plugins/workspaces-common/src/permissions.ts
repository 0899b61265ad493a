import { createPermission } from '@backstage/plugin-permission-common';

/** The permission resource type of a workspace. @public */
export const RESOURCE_TYPE_WORKSPACE = 'workspace';

/** See a workspace, its runs and status events. @public */
export const workspaceReadPermission = createPermission({
  name: 'workspace.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_WORKSPACE,
});

/**
 * Create a workspace in a project. Not tied to a workspace resource: the
 * backend checks the caller is assigned to the project.
 * @public
 */
export const workspaceCreatePermission = createPermission({
  name: 'workspace.create',
  attributes: { action: 'create' },
});

/** Change, start or stop a workspace. @public */
export const workspaceUpdatePermission = createPermission({
  name: 'workspace.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_WORKSPACE,
});

/** Delete a workspace. @public */
export const workspaceDeletePermission = createPermission({
  name: 'workspace.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_WORKSPACE,
});

/** Connect to the tools of a running workspace. @public */
export const workspaceUsePermission = createPermission({
  name: 'workspace.use',
  attributes: {},
  resourceType: RESOURCE_TYPE_WORKSPACE,
});

/** Every permission of the plugin, for registration and policy authors. @public */
export const workspacePermissions = [
  workspaceReadPermission,
  workspaceCreatePermission,
  workspaceUpdatePermission,
  workspaceDeletePermission,
  workspaceUsePermission,
];
