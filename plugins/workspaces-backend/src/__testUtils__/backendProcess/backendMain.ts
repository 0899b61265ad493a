/*
 * A production-shaped backend for the tests, run as a child process (so a
 * test can SIGKILL it): backend-defaults with its real auth and httpAuth
 * services, the real auth backend (the guest provider, or the loopback OAuth
 * provider whose refresh cookie is a real one), the real catalog and
 * permission backend with the plugin's default decisions, the database and
 * the control plane of the config files given with --config.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { decideWorkspacePermission } from '@backstage-workspaces/plugin-workspaces-node';
import { workspacesPlugin } from '../../plugin';
import { loopbackOAuthProviderModule } from './loopbackOAuthProvider';

const workspacesPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'workspaces-default-decisions',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const adminRefs =
          config.getOptionalStringArray('workspaces.admins') ?? [];
        policy.setPolicy({
          async handle(request, user) {
            return (
              decideWorkspacePermission(
                request.permission,
                { ownershipEntityRefs: user?.info.ownershipEntityRefs ?? [] },
                { adminRefs },
              ) ?? { result: AuthorizeResult.ALLOW }
            );
          },
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(loopbackOAuthProviderModule);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(workspacesPolicy);
backend.add(workspacesPlugin);
backend.start();
