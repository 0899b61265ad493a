import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { decideWorkspacePermission } from '@backstage-workspaces/plugin-workspaces-node';

/**
 * The demo's permission policy: Workspaces' default decisions (assigned users
 * read, create and use; creators change and delete; admins do everything),
 * and everything else allowed. Adopters with a policy of their own call
 * `decideWorkspacePermission` from it the same way.
 */
class DemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly adminRefs: string[]) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      decideWorkspacePermission(
        request.permission,
        { ownershipEntityRefs: user?.info.ownershipEntityRefs ?? [] },
        { adminRefs: this.adminRefs },
      ) ?? { result: AuthorizeResult.ALLOW }
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'workspaces-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new DemoPermissionPolicy(
            config.getOptionalStringArray('workspaces.admins') ?? [],
          ),
        );
      },
    });
  },
});
