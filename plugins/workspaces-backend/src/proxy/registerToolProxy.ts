import {
  AuditorService,
  DiscoveryService,
  HttpRouterService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { Knex } from 'knex';
import { ToolSessionStore } from '../database/ToolSessionStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceAuthorizer } from '../permissions/WorkspaceAuthorizer';
import { BuildingBlockCatalog } from '../service/BuildingBlockCatalog';
import { WorkspaceService } from '../service/WorkspaceService';
import { createToolProxy } from './createToolProxy';
import { ToolConnections } from './ToolConnections';

/**
 * Serves the tool proxy under `/connect` (authenticated by its own session
 * cookies, not Backstage tokens), removes expired sessions periodically, and
 * returns the connections for the API's connect route.
 */
export async function registerToolProxy(options: {
  config: RootConfigService;
  logger: LoggerService;
  discovery: DiscoveryService;
  httpRouter: HttpRouterService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  knex: Knex;
  store: WorkspaceStore;
  workspaces: WorkspaceService;
  authorizer: WorkspaceAuthorizer;
  buildingBlocks: BuildingBlockCatalog;
  getRuntime: () => WorkspaceRuntime | undefined;
  now?: () => Date;
}): Promise<ToolConnections> {
  const { config, httpRouter } = options;
  const connect = config.getOptionalConfig('workspaces.connect');
  const minutes = (key: string, fallback: number) =>
    (connect?.getOptionalNumber(key) ?? fallback) * 60_000;
  const externalBaseUrl = await options.discovery.getExternalBaseUrl(
    'workspaces',
  );
  const connections = new ToolConnections({
    store: options.store,
    sessions: new ToolSessionStore(options.knex),
    workspaces: options.workspaces,
    authorizer: options.authorizer,
    buildingBlocks: options.buildingBlocks,
    getRuntime: options.getRuntime,
    connectBaseUrl: `${externalBaseUrl}/connect`,
    idleTimeoutMs: minutes('idleTimeoutMinutes', 60),
    maxSessionMs: minutes('maxSessionMinutes', 12 * 60),
    activityIntervalMs:
      (connect?.getOptionalNumber('activityIntervalSeconds') ?? 60) * 1000,
    now: options.now,
  });
  httpRouter.use(
    createToolProxy({
      connections,
      auditor: options.auditor,
      logger: options.logger,
      mountPath: '/api/workspaces',
      externalOrigin: new URL(externalBaseUrl).origin,
    }),
  );
  httpRouter.addAuthPolicy({ path: '/connect', allow: 'unauthenticated' });
  await options.scheduler.scheduleTask({
    id: 'workspaces-delete-expired-tool-sessions',
    frequency: { minutes: 10 },
    timeout: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      const count = await connections.deleteExpired();
      options.logger.debug(`Removed ${count} expired tool sessions`);
    },
  });
  return connections;
}
