import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { SignalPayload } from '@backstage/plugin-signals-node';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  actionsRegistryServiceFactory,
  metricsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { readFileSync } from 'fs';
import { Entity } from '@backstage/catalog-model';
import { waitUntil } from './waitUntil';
import { stitchedMemberships, teamMemberships } from './catalogMemberships';
import { Server } from 'http';
import { freePort } from './freePort';
import { Knex } from 'knex';
import request from 'supertest';
import { workspacesPlugin } from '../plugin';
import { buildingBlocksConfig } from './buildingBlocksConfig';
import {
  perPluginDatabaseFactory,
  recordingAuditorFactory,
  recordingNotificationsFactory,
  testClockFactory,
  recordingSignalsFactory,
  testPermissionsFactory,
  testUserInfoFactory,
  testUsers,
} from './testServices';

export type AuditRecord = {
  eventId: string;
  outcome: 'success' | 'fail';
  meta?: JsonObject;
  actor?: string;
};

/**
 * Starts the workspaces plugin in a test backend beside the real catalog
 * (reading `catalog.yaml`), on a real database of the given engine. Tokens
 * are startTestBackend's mock tokens and permissions are decided in-process
 * (testPermissionsFactory: the plugin's default decisions, without the
 * permission backend), so it is fast; the shipped backend with the real auth
 * and permission backends is startShippedBackend's (backendProcess/).
 */
export interface WorkspacesTestBackend {
  server: Server;
  stop(): Promise<void>;
  /** Audit events of every plugin, in order. */
  audit: AuditRecord[];
  /** Signals the plugin published, in order. */
  signals: SignalPayload[];
  /** Notifications the plugin sent, in order. */
  notifications: NotificationSendOptions[];
  /** The Authorization header of a test user. */
  user(name: keyof typeof testUsers): string;
  /** The workspaces plugin's own database, to check what it stores. */
  workspacesDatabase(): Promise<Knex>;
  /** The port of the tool listener (host mode), on 127.0.0.1. */
  toolHostPort: number;
}

const catalogFile = resolvePackagePath(
  '@backstage-workspaces/plugin-workspaces-backend',
  'src/__testUtils__/catalog.yaml',
);

const orgFile = resolvePackagePath(
  '@backstage-workspaces/plugin-workspaces-backend',
  'src/__testUtils__/org.yaml',
);

/** The names of the Systems in catalog.yaml. */
function catalogSystemNames(): string[] {
  return readFileSync(catalogFile, 'utf8')
    .split(/^---$/m)
    .filter(document => /^kind: System$/m.test(document))
    .map(document => /^ {2}name: (\S+)$/m.exec(document)![1]);
}

export async function startWorkspacesTestBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  config?: Record<string, unknown>;
  /** Pass the same map to two backends to run them as replicas on one database. */
  sharedDatabases?: Map<string, ReturnType<TestDatabases['init']>>;
  /** The plugin's clock; the real time when absent. */
  clock?: { now(): Date };
}): Promise<WorkspacesTestBackend> {
  const { workspaces: workspacesConfig, ...otherConfig } = options.config ?? {};
  const toolHostPort = await freePort();
  const audit: AuditRecord[] = [];
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  const databaseClients =
    options.sharedDatabases ??
    new Map<string, ReturnType<TestDatabases['init']>>();
  const backend = await startTestBackend({
    features: [
      workspacesPlugin,
      catalogPlugin,
      testPermissionsFactory,
      perPluginDatabaseFactory(
        options.databases,
        options.databaseId,
        databaseClients,
      ),
      // requests without a token stay anonymous, as in production
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      testUserInfoFactory,
      // WORKSPACES_TEST_LOG=debug shows the backend's logs while debugging a test
      ...(process.env.WORKSPACES_TEST_LOG
        ? [
            mockServices.rootLogger.factory({
              level: process.env.WORKSPACES_TEST_LOG as 'debug',
            }),
          ]
        : []),
      // the real scheduler, so periodic tasks (the sweep) run as in production
      schedulerServiceFactory,
      // Backstage's own metrics service, as createBackend installs it: a
      // no-op unless a test installs a MeterProvider (metrics.test.ts)
      metricsServiceFactory,
      // Backstage's own actions registry (startTestBackend's is a mock), so
      // the workspace actions are invoked over HTTP as MCP clients do
      actionsRegistryServiceFactory,
      recordingAuditorFactory(audit),
      recordingSignalsFactory(signals),
      recordingNotificationsFactory(notifications),
      ...(options.clock ? [testClockFactory(options.clock)] : []),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['System', 'Group', 'User'] }],
            processingInterval: { seconds: 1 },
            // the projects, and the teams and users the sync expands
            locations: [catalogFile, orgFile].map(target => ({
              type: 'file',
              target,
            })),
          },
          workspaces: {
            // the tool listener on a free port: test backends run side by side
            tools: { listen: { host: '127.0.0.1', port: toolHostPort } },
            ...((workspacesConfig as object | undefined) ?? {
              ...buildingBlocksConfig,
              encryptionKey: 'test-encryption-key-of-some-length',
            }),
          },
          ...otherConfig,
        },
      }),
    ],
  });
  const started = Date.now();
  const user = (name: keyof typeof testUsers) =>
    mockCredentials.user.header(`user:default/${name}`);
  // the catalog ingests its file locations in the background, each entity
  // in its own time: wait for every project, and for every team to have its
  // users (the membership sync and each create expand teams to users)
  const expectedSystems = catalogSystemNames();
  const expectedMembers = teamMemberships([orgFile]);
  const get = async (path: string) => {
    const response = await request(backend.server)
      .get(path)
      .set('Authorization', user('alice'));
    return response.status === 200 ? (response.body as Entity[]) : [];
  };
  await waitUntil(
    'the catalog to have every project and team of the tests',
    async () => {
      const systems = new Set(
        (
          await get(
            '/api/catalog/entities?filter=kind=system&fields=metadata.name',
          )
        ).map(e => e.metadata.name),
      );
      const members = stitchedMemberships(
        await get(
          '/api/catalog/entities?filter=kind=group&fields=metadata.name,relations',
        ),
      );
      const missing = [
        ...expectedSystems.filter(name => !systems.has(name)),
        ...expectedMembers.filter(member => !members.has(member)),
      ];
      return { done: missing.length === 0, value: missing };
    },
    120_000,
    200,
  );
  if (process.env.DEBUG_TEST_BACKEND) {
    // eslint-disable-next-line no-console
    console.log(`catalog ready after ${Date.now() - started} ms`);
  }
  return {
    server: backend.server,
    stop: () => backend.stop(),
    audit,
    signals,
    notifications,
    user,
    workspacesDatabase: () => databaseClients.get('workspaces')!,
    toolHostPort,
  };
}
