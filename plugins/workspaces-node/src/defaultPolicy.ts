import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  RESOURCE_TYPE_WORKSPACE,
  workspaceCreatePermission,
  workspaceReadPermission,
  workspaceUsePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  createWorkspaceConditionalDecision,
  workspaceConditions,
} from './permissions';

/**
 * The decisions Workspaces intends when an app has no policy of its own for
 * them: assigned users of the project may read, create and use workspaces;
 * the creator, while assigned to the project, may update (start, stop,
 * change) and delete them; admins may do everything. Who is assigned is the
 * catalog's answer (synced by the backend), not the caller's token. Returns `undefined` for permissions of other plugins.
 *
 * The backend additionally refuses a create in a project the caller is not
 * assigned to (unless they are an admin of `workspaces.admins`).
 * @public
 */
export function decideWorkspacePermission(
  permission: Permission,
  user: { ownershipEntityRefs: string[] },
  options: { adminRefs: string[] },
): PolicyDecision | undefined {
  const claims = user.ownershipEntityRefs;
  const admins = new Set(
    options.adminRefs.map(ref => ref.toLocaleLowerCase('en-US')),
  );
  const isAdmin = claims.some(ref =>
    admins.has(ref.toLocaleLowerCase('en-US')),
  );

  if (isPermission(permission, workspaceCreatePermission)) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (!isResourcePermission(permission, RESOURCE_TYPE_WORKSPACE)) {
    return undefined;
  }
  if (isAdmin) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (
    isPermission(permission, workspaceReadPermission) ||
    isPermission(permission, workspaceUsePermission)
  ) {
    return createWorkspaceConditionalDecision(
      permission,
      workspaceConditions.isProjectMember({ claims }),
    );
  }
  // the creator, while still assigned: leaving the project ends it
  return createWorkspaceConditionalDecision(permission, {
    allOf: [
      workspaceConditions.isProjectMember({ claims }),
      workspaceConditions.isWorkspaceCreator({ claims }),
    ],
  });
}
