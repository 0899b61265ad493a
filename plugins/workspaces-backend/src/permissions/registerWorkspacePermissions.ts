import {
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import { workspacePermissions } from '@backstage-workspaces/plugin-workspaces-common';
import {
  workspacePermissionResourceRef,
  workspacePermissionRules,
} from '@backstage-workspaces/plugin-workspaces-node';
import { ProjectMemberStore } from '../database/ProjectMemberStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceAuthorizer } from './WorkspaceAuthorizer';

/**
 * Registers the workspace permissions, the workspace resource type with its
 * rules (which a policy's conditions are made of; they run as SQL), and
 * returns the authorizer that applies the decisions.
 */
export function registerWorkspacePermissions(options: {
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  store: WorkspaceStore;
  projectMembers: ProjectMemberStore;
}): WorkspaceAuthorizer {
  const { permissionsRegistry, store, projectMembers } = options;
  permissionsRegistry.addPermissions(workspacePermissions);
  permissionsRegistry.addResourceType({
    resourceRef: workspacePermissionResourceRef,
    permissions: workspacePermissions.filter(p => p.type === 'resource'),
    rules: Object.values(workspacePermissionRules),
    getResources: async ids => {
      const records = await Promise.all(ids.map(id => store.getWorkspace(id)));
      const members = await projectMembers.getMembers(
        records.flatMap(record => (record ? [record.projectRef] : [])),
      );
      return records.map(record =>
        record
          ? {
              id: record.id,
              project: record.projectRef,
              createdBy: record.createdBy,
              projectMemberRefs: members.get(record.projectRef) ?? [],
            }
          : undefined,
      );
    },
  });
  return new WorkspaceAuthorizer(
    options.permissions,
    createConditionTransformer(
      permissionsRegistry.getPermissionRuleset(workspacePermissionResourceRef),
    ),
  );
}
