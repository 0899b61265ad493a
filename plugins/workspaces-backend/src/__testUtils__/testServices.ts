import {
  SignalPayload,
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import {
  mockWorkspacesPermissions,
  mockWorkspacesUserInfo,
} from '@backstage-workspaces/plugin-workspaces-node/testUtils';
import {
  notificationService,
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  WorkspacesClock,
  workspacesClockServiceRef,
} from '../clock/workspacesClockServiceRef';
import { buildingBlocksConfig } from './buildingBlocksConfig';

/** Users of the tests and the groups their sign-in claims (catalog.yaml has the same, but for frank). */
export const testUsers = {
  alice: ['user:default/alice', 'group:default/ml-team'],
  bob: ['user:default/bob', 'group:default/vision-team'],
  carol: ['user:default/carol', 'group:default/platform-admins'],
  dave: ['user:default/dave', 'group:default/vision-team'],
  erin: ['user:default/erin', 'group:default/web-team'],
  // a sign-in that claims a team the catalog no longer has him in
  frank: ['user:default/frank', 'group:default/vision-team'],
} as const;

/** Who is who for the user info service, as the catalog would say. */
export const testUserInfoFactory = mockWorkspacesUserInfo(testUsers);

/**
 * The permissions service, deciding in-process with the policy the demo app
 * ships: the plugin's default decisions, and allow for everything else.
 */
export const testPermissionsFactory = mockWorkspacesPermissions({
  adminRefs: buildingBlocksConfig.admins,
});

/** One logical database per plugin, as in production, on the given engine. */
export function perPluginDatabaseFactory(
  databases: TestDatabases,
  id: TestDatabaseId,
  clients: Map<string, ReturnType<TestDatabases['init']>>,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory: ({ pluginMetadata }) => ({
      getClient: () => {
        const pluginId = pluginMetadata.getId();
        if (!clients.has(pluginId)) {
          clients.set(pluginId, databases.init(id));
        }
        return clients.get(pluginId)!;
      },
    }),
  });
}

/** An auditor that keeps its events for the tests to read. */
export function recordingAuditorFactory(
  events: Array<{
    eventId: string;
    outcome: 'success' | 'fail';
    meta?: JsonObject;
    actor?: string;
  }>,
) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: { httpAuth: coreServices.httpAuth },
    factory: ({ httpAuth }): AuditorService => ({
      async createEvent(options) {
        let actor: string | undefined;
        if (options.request) {
          const credentials = await httpAuth.credentials(options.request);
          actor = (credentials.principal as { userEntityRef?: string })
            .userEntityRef;
        }
        const record = (outcome: 'success' | 'fail', meta?: JsonObject) =>
          events.push({
            eventId: options.eventId,
            outcome,
            actor,
            meta: { ...options.meta, ...meta },
          });
        return {
          async success(result) {
            record('success', result?.meta);
          },
          async fail(result) {
            record('fail', { ...result.meta, error: result.error.name });
          },
        };
      },
    }),
  });
}

/** A signals service that keeps what the plugin publishes for the tests to read. */
export function recordingSignalsFactory(published: SignalPayload[]) {
  return createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: (): SignalsService => ({
      async publish(signal) {
        published.push(signal);
      },
    }),
  });
}

/** A notification service that keeps what the plugin sends for the tests to read. */
export function recordingNotificationsFactory(sent: NotificationSendOptions[]) {
  return createServiceFactory({
    service: notificationService,
    deps: {},
    factory: (): NotificationService => ({
      async send(notification) {
        sent.push(notification);
      },
    }),
  });
}

/** A clock the test moves by hand; it starts at the real time. */
export class TestClock implements WorkspacesClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }
}

/** The plugin's clock, replaced by a test clock. */
export function testClockFactory(clock: WorkspacesClock) {
  return createServiceFactory({
    service: workspacesClockServiceRef,
    deps: {},
    factory: () => clock,
  });
}
