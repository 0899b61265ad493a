import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { AuthenticationError } from '@backstage/errors';

/** Header the demo sign-in page sends with the name of the chosen user. */
export const DEMO_USER_HEADER = 'x-demo-user';

const userName = /^[a-z0-9][a-z0-9-]{0,62}$/;

const demoAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize() {},
  async authenticate({ req }) {
    const name = req.header(DEMO_USER_HEADER);
    if (!name || !userName.test(name)) {
      throw new AuthenticationError(
        `Demo sign-in needs the ${DEMO_USER_HEADER} header with a user name of examples/org.yaml`,
      );
    }
    return { result: { userName: name } };
  },
});

/**
 * Demo only: signs in as any catalog user named by a request header, so the
 * demo can show what each group may see and do. The auth backend only enables
 * it where `auth.providers.demo` is configured; never configure that outside a
 * local demo.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-sign-in-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { kind: 'user', name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
