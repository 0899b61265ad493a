import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  WorkspaceActivitySource,
  workspacesActivityExtensionPoint,
  WorkspaceBuildingBlocksProvider,
  WorkspaceRuntime,
  workspacesBuildingBlocksExtensionPoint,
  workspacesRuntimeExtensionPoint,
} from '@backstage-workspaces/plugin-workspaces-node';
import { registerWorkspaceActions } from './actions/registerWorkspaceActions';
import { BuildingBlockCatalog } from './buildingBlocks/BuildingBlockCatalog';
import { workspacesClockServiceRef } from './clock/workspacesClockServiceRef';
import { DormancyStore } from './database/DormancyStore';
import { LifecycleStore } from './database/LifecycleStore';
import { migrateDatabase } from './database/migrateDatabase';
import { ProjectMemberStore } from './database/ProjectMemberStore';
import { WorkspaceStore } from './database/WorkspaceStore';
import { installKubernetesRuntime } from './kubernetes/createKubernetesRuntime';
import { checkWorkspaceSchedule } from './lifecycle/checkWorkspaceSchedule';
import { LifecycleNotifier } from './lifecycle/LifecycleNotifier';
import { WorkspacesMetrics } from './metrics/WorkspacesMetrics';
import { scheduleDormancy } from './lifecycle/scheduleDormancy';
import { scheduleLifecyclePolicies } from './lifecycle/scheduleLifecyclePolicies';
import { registerWorkspacePermissions } from './permissions/registerWorkspacePermissions';
import { ProjectResolver } from './projects/ProjectResolver';
import {
  scheduleProjectMemberSync,
  syncMembersOfProject,
} from './projects/syncProjectMembers';
import { registerToolProxy } from './proxy/registerToolProxy';
import { QuotaService } from './quota/QuotaService';
import { createRouter } from './router/createRouter';
import { createWorkspaceView } from './router/toApi';
import { readWorkspacesConfig } from './readWorkspacesConfig';
import { toolAddressingOf } from './tools/toolAddressing';
import { SecretCipher } from './workspaces/SecretCipher';
import { WorkspaceAccess } from './workspaces/WorkspaceAccess';
import { WorkspaceChangeSignals } from './workspaces/WorkspaceChangeSignals';
import { WorkspaceDiagnostics } from './workspaces/WorkspaceDiagnostics';
import { WorkspaceQueries } from './workspaces/WorkspaceQueries';
import { WorkspaceService } from './workspaces/WorkspaceService';
import { WorkspaceTransitions } from './workspaces/WorkspaceTransitions';

/**
 * The Workspaces backend plugin: building blocks, workspaces and their runs,
 * served under `/api/workspaces`.
 * @public
 */
export const workspacesPlugin = createBackendPlugin({
  pluginId: 'workspaces',
  register(env) {
    const providers: WorkspaceBuildingBlocksProvider[] = [];
    env.registerExtensionPoint(workspacesBuildingBlocksExtensionPoint, {
      addProvider(provider) {
        providers.push(provider);
      },
    });
    const activitySources: WorkspaceActivitySource[] = [];
    env.registerExtensionPoint(workspacesActivityExtensionPoint, {
      addActivitySource(source) {
        activitySources.push(source);
      },
    });
    let moduleRuntime: WorkspaceRuntime | undefined;
    env.registerExtensionPoint(workspacesRuntimeExtensionPoint, {
      setRuntime(next) {
        if (moduleRuntime) {
          throw new Error(
            'A workspaces runtime was set twice; install only one runtime module',
          );
        }
        moduleRuntime = next;
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
        clock: workspacesClockServiceRef,
        metrics: metricsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        const now = () => deps.clock.now();

        // config, read and checked once
        const externalBaseUrl = await deps.discovery.getExternalBaseUrl(
          'workspaces',
        );
        const settings = readWorkspacesConfig(config, externalBaseUrl);
        const { admins, lifecycle, clusters, tools } = settings;
        const toolAddressing = toolAddressingOf(tools, externalBaseUrl);
        const buildingBlocks = await BuildingBlockCatalog.create({
          config: settings.buildingBlocks,
          providers,
        });

        // stores
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await migrateDatabase(knex);
        }
        const store = new WorkspaceStore(knex);
        const projectMembers = new ProjectMemberStore(knex);
        const lifecycleStore = new LifecycleStore(knex);
        const dormancyStore = new DormancyStore(knex);
        const cipher = new SecretCipher(settings.encryptionKey);
        const metrics = new WorkspacesMetrics(deps.metrics);
        metrics.observeWorkspaceCounts(() => store.countByStatusAndProject());
        const changeSignals = new WorkspaceChangeSignals({
          signals: deps.signals,
          projectMembers,
          adminRefs: admins,
          logger,
        });
        // tells creators of automatic stops, failed runs and slow starts
        const notifier = new LifecycleNotifier({
          notifications: deps.notifications,
          logger,
          slowStartMs: settings.notifications.slowStartSeconds * 1000,
          now,
        });

        // the runtime: a module's, else Kubernetes when clusters are configured
        const runtime =
          moduleRuntime ??
          (clusters.length > 0
            ? await installKubernetesRuntime({
                ...deps,
                settings: settings.kubernetes,
                clusters,
                knex,
                buildingBlocks,
                cipher,
                toolAddressing,
                metrics,
                onStatusChange: (record, change) => {
                  changeSignals.changed(record);
                  notifier.statusChanged(record, change);
                  metrics.statusChanged(record, change, now());
                },
              })
            : undefined);

        // the workspaces
        const authorizer = registerWorkspacePermissions({
          ...deps,
          store,
          projectMembers,
        });
        const projects = new ProjectResolver(deps.catalog);
        const access = new WorkspaceAccess({
          store,
          authorizer,
          userInfo: deps.userInfo,
          adminRefs: admins,
        });
        const quotas = new QuotaService({
          store,
          limits: settings.quotas,
          buildingBlocks,
          runtime,
          logger,
        });
        const transitions = new WorkspaceTransitions({
          store,
          runtime,
          changeSignals,
          quotas,
          metrics,
          now,
        });
        const workspaces = new WorkspaceService({
          store,
          access,
          transitions,
          syncProjectMembers: project =>
            syncMembersOfProject({ ...deps, projectMembers }, project),
          authorizer,
          buildingBlocks,
          projects,
          cipher,
          lifecycleStore,
          dormancyStore,
          quotas,
          checkSchedule: schedule =>
            checkWorkspaceSchedule(schedule, lifecycle.schedules),
          keepAlive: lifecycle.keepAlive,
          now,
        });
        const queries = new WorkspaceQueries({
          store,
          access,
          authorizer,
          projects,
          quotas,
        });

        // background work
        await scheduleProjectMemberSync({
          ...deps,
          projectMembers,
          intervalSeconds: settings.membership.syncIntervalSeconds,
        });
        await scheduleLifecyclePolicies({
          ...deps,
          config: lifecycle,
          lifecycleStore,
          store,
          transitions,
          buildingBlocks,
          runtime,
          toolAddressing,
          activitySources,
          changeSignals,
          notifier,
          now,
        });

        await scheduleDormancy({
          ...deps,
          config: settings.dormancy,
          dormancyStore,
          transitions,
          changeSignals,
          notifier,
          now,
        });

        // routes
        const toolConnections = await registerToolProxy({
          ...deps,
          tools,
          connect: settings.connect,
          externalBaseUrl,
          knex,
          store,
          access,
          authorizer,
          buildingBlocks,
          runtime,
          metrics,
          now,
        });
        const diagnostics = new WorkspaceDiagnostics({
          access,
          runtime,
          store,
          quotas,
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            buildingBlocks,
            workspaces,
            queries,
            diagnostics,
            toolConnections,
            clusters,
            keepAlive: lifecycle.keepAlive,
            dormancy: settings.dormancy,
            // responses are checked against the contract in the tests
            validateResponses: process.env.NODE_ENV === 'test',
          }),
        );
        // the same operations for AI assistants (MCP) and other actions clients
        registerWorkspaceActions({
          actionsRegistry: deps.actionsRegistry,
          auditor: deps.auditor,
          buildingBlocks,
          workspaces,
          queries,
          diagnostics,
          toApi: createWorkspaceView({
            buildingBlocks,
            keepAlive: lifecycle.keepAlive,
            dormancy: settings.dormancy,
          }),
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        logger.info(
          `Workspaces: ${
            settings.buildingBlocks.environments.length
          } environments, ${
            settings.buildingBlocks.computePresets.length
          } compute presets, ${
            settings.buildingBlocks.dataSources.length
          } data sources in the config; runtime: ${
            runtime ? 'installed' : 'none, intents are recorded only'
          }`,
        );
      },
    });
  },
});
