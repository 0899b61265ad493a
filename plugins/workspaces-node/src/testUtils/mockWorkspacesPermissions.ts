import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { decideWorkspacePermission } from '../defaultPolicy';

/**
 * A permissions service for tests that decides in-process as an app with the
 * plugin's default decisions would (`decideWorkspacePermission`, allow for
 * everything else). The real permission backend refuses resource permissions
 * from the mock user tokens of `startTestBackend`, which it cannot tell from
 * on-behalf-of tokens. Conditional decisions are returned from
 * `authorizeConditional`, as the plugin asks for them.
 * @public
 */
export function mockWorkspacesPermissions(options: { adminRefs: string[] }) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { userInfo: coreServices.userInfo },
    factory: ({ userInfo }) => {
      const decide = async (
        permission: Permission,
        credentials: BackstageCredentials,
      ): Promise<PolicyDecision> => {
        if ((credentials.principal as { type: string }).type !== 'user') {
          return { result: AuthorizeResult.ALLOW };
        }
        const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
        return (
          decideWorkspacePermission(
            permission,
            { ownershipEntityRefs },
            { adminRefs: options.adminRefs },
          ) ?? { result: AuthorizeResult.ALLOW }
        );
      };
      const service: PermissionsService = {
        async authorizeConditional(requests, { credentials }) {
          return Promise.all(
            requests.map(r => decide(r.permission, credentials)),
          ) as any;
        },
        async authorize(requests, { credentials }) {
          return Promise.all(
            requests.map(async r => {
              const decision = await decide(r.permission, credentials);
              if (decision.result === AuthorizeResult.CONDITIONAL) {
                throw new Error(
                  'The tests only authorize basic permissions directly',
                );
              }
              return decision;
            }),
          );
        },
      };
      return service;
    },
  });
}

/**
 * A user info service for tests: each user's ownership refs (the user and
 * their groups), as the catalog would give them; a user not listed owns only
 * themself.
 * @public
 */
export function mockWorkspacesUserInfo(
  users: Record<string, readonly string[]>,
) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user' || !principal.userEntityRef) {
          throw new Error(`No user info for a ${principal.type} principal`);
        }
        const name = principal.userEntityRef.split('/')[1];
        return {
          userEntityRef: principal.userEntityRef,
          ownershipEntityRefs: [...(users[name] ?? [principal.userEntityRef])],
        };
      },
    }),
  });
}
