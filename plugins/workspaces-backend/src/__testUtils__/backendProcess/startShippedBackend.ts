import { stitchedMemberships, teamMemberships } from '../catalogMemberships';
import { mkdtempSync, writeFileSync } from 'fs';
import knexFactory from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';
import { randomBytes } from 'crypto';
import { freePort } from '../freePort';
import { BackendProcess } from './BackendProcess';
import { createSigningKey, signUserToken } from './userTokens';

const postgresVariable = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

export type ShippedBackendDatabase = 'POSTGRES_15' | 'SQLITE_3';

/**
 * The databases to run the shipped backend on: SQLite always, and PostgreSQL
 * 15 where its connection string is set (which CI requires, as
 * createTestDatabases does).
 */
export function shippedBackendDatabases(): ShippedBackendDatabase[] {
  if (process.env.CI && !process.env[postgresVariable]) {
    throw new Error(
      `CI runs the database tests on PostgreSQL too: set ${postgresVariable} (scripts/test does)`,
    );
  }
  return process.env[postgresVariable]
    ? ['POSTGRES_15', 'SQLITE_3']
    : ['SQLITE_3'];
}

/**
 * The shipped backend (packages/backend/src/index.ts) in a child process:
 * the real auth backend with its guest and demo providers, Backstage's own
 * token verification (the auth backend's JWKS), the real catalog, the real
 * permission backend with the shipped policy, the scaffolder with the
 * workspaces actions, and the workspaces plugin.
 */
export interface ShippedBackend {
  process: BackendProcess;
  baseUrl: string;
  /** The port of the tool listener (host mode), on 127.0.0.1. */
  toolPort: number;
  /** A user's Backstage token from the demo provider, which asks the catalog who they are. */
  signIn(user: string): Promise<string>;
  /** The guest provider's token (its user is the `guest` option's). */
  signInAsGuest(): Promise<string>;
  /**
   * A user token signed with the auth backend's own signing key (the static
   * key store of its config), so that a test changes one claim at a time.
   */
  signWithAuthBackendKey(
    claims: Omit<
      Parameters<typeof signUserToken>[0],
      'key' | 'keyId' | 'issuer'
    >,
  ): string;
  /** The same, signed with a key the auth backend does not know, under its key id. */
  signWithForeignKey(
    claims: Omit<
      Parameters<typeof signUserToken>[0],
      'key' | 'keyId' | 'issuer'
    >,
  ): string;
  /** A static external-access token: a service, not a user. */
  serviceToken: string;
  /** A static external-access token restricted to the catalog plugin. */
  catalogOnlyServiceToken: string;
  stop(): Promise<void>;
}

export async function startShippedBackend(options: {
  database: ShippedBackendDatabase;
  /** Files of the catalog (projects, users, groups, templates). */
  catalogFiles: string[];
  /** The `workspaces:` config. */
  workspaces: Record<string, unknown>;
  /** The `kubernetes:` config; no cluster (so no runtime) when absent. */
  kubernetes?: Record<string, unknown>;
  /** Who the guest provider signs in, with what ownership if not in the catalog. */
  guest: { userEntityRef: string; ownershipEntityRefs: string[] };
  /** The `search:` config (e.g. the collators' schedules). */
  search?: Record<string, unknown>;
  /** Asked until it says true: what the test needs is there (e.g. the catalog ingested). */
  ready(backend: ShippedBackend): Promise<boolean>;
}): Promise<ShippedBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'workspaces-shipped-'));
  const key = createSigningKey();
  const foreign = createSigningKey();
  writeFileSync(join(dir, 'auth-public.pem'), key.publicKeyPem);
  writeFileSync(join(dir, 'auth-private.pem'), key.privateKeyPem);
  const serviceToken = randomBytes(24).toString('base64url');
  const catalogOnlyServiceToken = randomBytes(24).toString('base64url');
  const postgres = process.env[postgresVariable];
  const prefix = `shipped_${randomBytes(4).toString('hex')}_`;
  const toolPort = await freePort();
  const database =
    options.database === 'POSTGRES_15'
      ? { client: 'pg', connection: postgres, prefix }
      : { client: 'better-sqlite3', connection: ':memory:' };

  const child = await BackendProcess.create({
    dir,
    main: 'shipped',
    config: {
      backend: {
        database,
        // the MCP server's tools: the workspace actions, as app-config.yaml says
        actions: { pluginSources: ['workspaces'] },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: serviceToken, subject: 'test-service' },
            },
            {
              type: 'static',
              options: {
                token: catalogOnlyServiceToken,
                subject: 'catalog-reader',
              },
              accessRestrictions: [{ plugin: 'catalog' }],
            },
          ],
        },
      },
      auth: {
        environment: 'development',
        keyStore: {
          provider: 'static',
          static: {
            keys: [
              {
                keyId: key.keyId,
                publicKeyFile: join(dir, 'auth-public.pem'),
                privateKeyFile: join(dir, 'auth-private.pem'),
              },
            ],
          },
        },
        providers: {
          // the child runs with NODE_ENV=production, as a deployed backend
          guest: { ...options.guest, dangerouslyAllowOutsideDevelopment: true },
          demo: {},
        },
      },
      catalog: {
        rules: [{ allow: ['System', 'User', 'Group', 'Template'] }],
        processingInterval: { seconds: 1 },
        locations: options.catalogFiles.map(target => ({
          type: 'file',
          target,
        })),
      },
      // the clusters of the workspaces and of Backstage's Kubernetes plugin
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [{ type: 'config', clusters: [] }],
        ...options.kubernetes,
      },
      permission: { enabled: true },
      ...(options.search && { search: options.search }),
      workspaces: {
        ...options.workspaces,
        tools: {
          ...(options.workspaces.tools as object),
          listen: { host: '127.0.0.1', port: toolPort },
        },
      },
    },
  });
  const issuer = `${child.baseUrl}/api/auth`;
  const backend: ShippedBackend = {
    process: child,
    baseUrl: child.baseUrl,
    toolPort,
    async signIn(user) {
      const response = await fetch(`${child.baseUrl}/api/auth/demo/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest', 'x-demo-user': user },
      });
      if (response.status !== 200) {
        throw new Error(
          `demo sign-in of ${user} answered ${
            response.status
          }: ${await response.text()}`,
        );
      }
      return (await response.json()).backstageIdentity.token;
    },
    signInAsGuest: () => child.signInAsGuest(),
    signWithAuthBackendKey: claims =>
      signUserToken({
        ...claims,
        key: key.privateKey,
        keyId: key.keyId,
        issuer,
      }),
    signWithForeignKey: claims =>
      signUserToken({
        ...claims,
        key: foreign.privateKey,
        keyId: key.keyId,
        issuer,
      }),
    serviceToken,
    catalogOnlyServiceToken,
    async stop() {
      await child.stop();
      if (options.database === 'POSTGRES_15') {
        const admin = knexFactory({ client: 'pg', connection: postgres });
        const { rows } = await admin.raw(
          'select datname from pg_database where datname like ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows) {
          await admin.raw('drop database if exists ?? with (force)', [datname]);
        }
        await admin.destroy();
      }
    },
  };
  const expectedMembers = teamMemberships(options.catalogFiles);
  const teamsStitched = async () => {
    const response = await fetch(
      `${child.baseUrl}/api/catalog/entities?filter=kind=group&fields=metadata.name,relations`,
      { headers: { authorization: `Bearer ${catalogOnlyServiceToken}` } },
    );
    const members = stitchedMemberships(
      response.status === 200 ? await response.json() : [],
    );
    return expectedMembers.every(member => members.has(member));
  };
  try {
    // ready, and every team has its users in the catalog (see teamMemberships)
    await child.start(async () =>
      (await options.ready(backend)) && (await teamsStitched())
        ? true
        : undefined,
    );
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}
