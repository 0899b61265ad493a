import {
  AuditorService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { Knex } from 'knex';
import { ToolSessionStore } from '../database/ToolSessionStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceAuthorizer } from '../permissions/WorkspaceAuthorizer';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { ToolsConfig, toolOrigin } from '../tools/toolAddressing';
import { WorkspaceAccess } from '../workspaces/WorkspaceAccess';
import { createToolProxy } from './createToolProxy';
import { startToolHostServer } from './startToolHostServer';
import { ConnectSettings } from './readConnectSettings';
import { ToolConnections } from './ToolConnections';

/**
 * Serves the workspace tools as `workspaces.tools.mode` says: on hosts of
 * their own through the tool listener (host mode, the default), or under
 * `/connect` of the backend's own origin (path mode, with a warning).
 * Either way authenticated by the proxy's own session cookies, never by
 * Backstage tokens. Removes expired sessions periodically, and returns the
 * connections for the API's connect route.
 */
export async function registerToolProxy(options: {
  logger: LoggerService;
  /** `workspaces.connect`, read at start. */
  connect: ConnectSettings;
  /** `workspaces.tools`, read at start. */
  tools: ToolsConfig;
  /** The plugin's external base URL, e.g. `https://backstage.example.com/api/workspaces`. */
  externalBaseUrl: string;
  httpRouter: HttpRouterService;
  auditor: AuditorService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  knex: Knex;
  store: WorkspaceStore;
  access: WorkspaceAccess;
  authorizer: WorkspaceAuthorizer;
  buildingBlocks: BuildingBlockCatalog;
  runtime?: WorkspaceRuntime;
  /** Counts the open WebSockets. */
  metrics?: WorkspacesMetrics;
  now?: () => Date;
}): Promise<ToolConnections> {
  const { httpRouter, logger } = options;
  const { tools, externalBaseUrl } = options;
  let listenPort = tools.listen.port;
  const connections = new ToolConnections({
    store: options.store,
    sessions: new ToolSessionStore(options.knex),
    access: options.access,
    authorizer: options.authorizer,
    buildingBlocks: options.buildingBlocks,
    runtime: options.runtime,
    connectBaseUrl: `${externalBaseUrl}/connect`,
    ...(tools.mode === 'host' && {
      toolHosts: {
        urlTemplate: tools.urlTemplate,
        listenPort: () => listenPort,
      },
    }),
    ...options.connect,
    now: options.now,
  });

  if (tools.mode === 'host') {
    const server = await startToolHostServer({
      connections,
      auditor: options.auditor,
      logger,
      listen: tools.listen,
      metrics: options.metrics,
      scheme: tools.urlTemplate.startsWith('https:') ? 'https:' : 'http:',
    });
    listenPort = server.port;
    options.lifecycle.addShutdownHook(() => server.close());
    const sample = toolOrigin(
      tools.urlTemplate,
      listenPort,
      {
        id: '00000000-0000-0000-0000-000000000000',
        name: 'workspace',
        projectRef: 'system:default/project',
        namespace: 'namespace',
      },
      { id: 'tool' },
    );
    logger.info(
      `Workspace tools are served on hosts of their own, e.g. ${sample}, by the tool listener on port ${listenPort}`,
    );
    // a tool page must not call Backstage's API with its visitor's cookies
    options.lifecycle.addStartupHook(() =>
      checkCorsRefuses(externalBaseUrl, sample, logger),
    );
  } else {
    logger.warn(
      'workspaces.tools.mode is "path": every workspace tool is served on the backend\'s own origin. ' +
        "A tool page (a notebook's output, an extension, code a colleague wrote) can then call Backstage's " +
        "API and its sign-in refresh as whoever opens it, and reach other workspaces' tools with their " +
        'visitor\'s cookies. Serve tools on hosts of their own (mode "host", workspaces.tools.baseUrl).',
    );
    httpRouter.use(
      createToolProxy({
        connections,
        auditor: options.auditor,
        logger,
        mountPath: '/api/workspaces',
        externalOrigin: new URL(externalBaseUrl).origin,
        metrics: options.metrics,
      }),
    );
    httpRouter.addAuthPolicy({ path: '/connect', allow: 'unauthenticated' });
  }
  await options.scheduler.scheduleTask({
    id: 'workspaces-delete-expired-tool-sessions',
    frequency: { minutes: 10 },
    timeout: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      const count = await connections.deleteExpired();
      logger.debug(`Removed ${count} expired tool sessions`);
    },
  });
  return connections;
}

/**
 * Asks the backend, as a tool page would, whether its CORS lets a tool host
 * read its answers with credentials; says so loudly if it does.
 */
async function checkCorsRefuses(
  externalBaseUrl: string,
  toolOriginSample: string,
  logger: LoggerService,
) {
  try {
    const response = await fetch(`${externalBaseUrl}/health`, {
      method: 'OPTIONS',
      headers: {
        origin: toolOriginSample,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    const allowed = response.headers.get('access-control-allow-origin');
    if (allowed === toolOriginSample || allowed === '*') {
      logger.error(
        `backend.cors.origin lets the tool hosts (e.g. ${toolOriginSample}) call Backstage's API: ` +
          "a tool page could act as its visitor. Allow the app's origin only.",
      );
    }
  } catch (error) {
    logger.debug(`CORS self-check skipped: ${error}`);
  }
}
