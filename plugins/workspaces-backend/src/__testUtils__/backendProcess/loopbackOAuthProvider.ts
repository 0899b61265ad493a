import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createOAuthAuthenticator,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { randomBytes } from 'crypto';

const userName = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The identity provider's side: refresh tokens it issued, by user. */
const refreshTokens = new Map<string, string>();

function sessionOf(user: string) {
  const refreshToken = `loopback-refresh-${randomBytes(16).toString('hex')}`;
  refreshTokens.set(refreshToken, user);
  return {
    fullProfile: { user },
    session: {
      accessToken: `loopback-access-${randomBytes(16).toString('hex')}`,
      tokenType: 'bearer',
      scope: 'openid',
      expiresInSeconds: 3600,
      refreshToken,
    },
  };
}

type LoopbackProfile = { user: string };

/** The identity provider, which signs in at once whom login_hint names. */
const loopbackAuthenticator = createOAuthAuthenticator<
  { callbackUrl: string },
  LoopbackProfile
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.fullProfile.user },
  }),
  initialize: ({ callbackUrl }) => ({ callbackUrl }),
  async start({ req, state }, { callbackUrl }) {
    const user = String(req.query.login_hint ?? '');
    if (!userName.test(user)) {
      throw new InputError('login_hint must name a user');
    }
    const url = new URL(callbackUrl);
    url.search = new URLSearchParams({
      code: user,
      state,
    }).toString();
    return { url: url.toString() };
  },
  async authenticate({ req }) {
    const user = String(req.query.code ?? '');
    if (!userName.test(user)) {
      throw new AuthenticationError('No such authorization code');
    }
    return sessionOf(user);
  },
  async refresh({ refreshToken }) {
    const user = refreshTokens.get(refreshToken);
    if (!user) {
      throw new AuthenticationError('Unknown refresh token');
    }
    return sessionOf(user);
  },
});

/**
 * An OAuth provider for tests, with Backstage's real OAuth route handlers
 * (nonce, state, the refresh-token cookie on `/api/auth/loopback`, the
 * X-Requested-With check), in front of an identity provider that signs in
 * at once whoever `login_hint` names: `/api/auth/loopback/start?env=development
 * &flow=redirect&redirectUrl=...&login_hint=alice` leaves the browser signed
 * in as user:default/alice (with her groups when the catalog has her), with a
 * refresh cookie as any OAuth provider would.
 * It is what a tool page on Backstage's origin would go after.
 *
 * Tests only: it trusts login_hint.
 */
export const loopbackOAuthProviderModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'loopback-oauth-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'loopback',
          factory: createOAuthProviderFactory<LoopbackProfile>({
            authenticator: loopbackAuthenticator,
            // as an app's resolver does: the user's groups from the catalog,
            // fixed in the token at sign-in; a user the catalog does not
            // have owns only themself
            async signInResolver({ result }, ctx) {
              const ref = `user:default/${result.fullProfile.user}`;
              try {
                return await ctx.signInWithCatalogUser({ entityRef: ref });
              } catch {
                return ctx.issueToken({ claims: { sub: ref, ent: [ref] } });
              }
            },
          }),
        });
      },
    });
  },
});
