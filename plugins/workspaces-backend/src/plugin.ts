import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import { workspacePermissions } from '@backstage-workspaces/plugin-workspaces-common';
import {
  WorkspaceActivitySource,
  workspacesActivityExtensionPoint,
  WorkspaceBuildingBlocksProvider,
  workspacePermissionResourceRef,
  workspacePermissionRules,
  WorkspaceRuntime,
  workspacesBuildingBlocksExtensionPoint,
  workspacesRuntimeExtensionPoint,
} from '@backstage-workspaces/plugin-workspaces-node';
import { LifecycleStore } from './database/LifecycleStore';
import { migrateDatabase } from './database/migrateDatabase';
import { JupyterActivitySource } from './lifecycle/JupyterActivitySource';
import { LifecycleNotifier } from './lifecycle/LifecycleNotifier';
import { LifecyclePolicyEngine } from './lifecycle/LifecyclePolicyEngine';
import { readLifecyclePolicy } from './lifecycle/readLifecyclePolicy';
import { QuotaService } from './quota/QuotaService';
import { readQuotaLimits } from './quota/readQuotaLimits';
import { workspacesClockServiceRef } from './service/workspacesClockServiceRef';
import { createKubernetesRuntime } from './kubernetes/createKubernetesRuntime';
import { registerToolProxy } from './proxy/registerToolProxy';
import { readKubernetesClusters } from './kubernetes/readKubernetesClusters';
import { ProjectMemberStore } from './database/ProjectMemberStore';
import { WorkspaceStore } from './database/WorkspaceStore';
import { WorkspaceAuthorizer } from './permissions/WorkspaceAuthorizer';
import { createRouter } from './router/createRouter';
import { BuildingBlockCatalog } from './service/BuildingBlockCatalog';
import { ProjectResolver } from './service/ProjectResolver';
import { readBuildingBlocksConfig } from './service/readBuildingBlocksConfig';
import { SecretCipher } from './service/SecretCipher';
import { syncProjectMembers } from './service/syncProjectMembers';
import { WorkspaceChangeSignals } from './service/WorkspaceChangeSignals';
import { WorkspaceService } from './service/WorkspaceService';

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
    let runtime: WorkspaceRuntime | undefined;
    env.registerExtensionPoint(workspacesRuntimeExtensionPoint, {
      setRuntime(next) {
        if (runtime) {
          throw new Error(
            'A workspaces runtime was set twice; install only one runtime module',
          );
        }
        runtime = next;
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
      },
      async init(deps) {
        const {
          config,
          logger,
          database,
          scheduler,
          httpRouter,
          permissionsRegistry,
        } = deps;
        const { admins, ...configBlocks } = readBuildingBlocksConfig(config);
        const lifecycle = readLifecyclePolicy(config);
        const now = () => deps.clock.now();
        const buildingBlocks = await BuildingBlockCatalog.create({
          config: configBlocks,
          providers,
        });

        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateDatabase(knex);
        }
        const store = new WorkspaceStore(knex);
        const cipher = new SecretCipher(
          config.getOptionalString('workspaces.encryptionKey'),
        );
        const projectMembers = new ProjectMemberStore(knex);
        const lifecycleStore = new LifecycleStore(knex);

        permissionsRegistry.addPermissions(workspacePermissions);
        permissionsRegistry.addResourceType({
          resourceRef: workspacePermissionResourceRef,
          permissions: workspacePermissions.filter(p => p.type === 'resource'),
          rules: Object.values(workspacePermissionRules),
          getResources: async ids => {
            const records = await Promise.all(
              ids.map(id => store.getWorkspace(id)),
            );
            const members = await projectMembers.getMembers(
              records.flatMap(record => (record ? [record.projectRef] : [])),
            );
            return records.map(record =>
              record
                ? {
                    id: record.id,
                    project: record.projectRef,
                    createdBy: record.createdBy,
                    projectMemberRefs: members.get(record.projectRef) ?? [],
                  }
                : undefined,
            );
          },
        });
        const authorizer = new WorkspaceAuthorizer(
          deps.permissions,
          createConditionTransformer(
            permissionsRegistry.getPermissionRuleset(
              workspacePermissionResourceRef,
            ),
          ),
        );

        const changeSignals = new WorkspaceChangeSignals({
          signals: deps.signals,
          projectMembers,
          adminRefs: admins,
          logger,
        });
        const workspaces = new WorkspaceService({
          store,
          projectMembers,
          authorizer,
          buildingBlocks,
          projects: new ProjectResolver(deps.catalog),
          userInfo: deps.userInfo,
          cipher,
          adminRefs: admins,
          getRuntime: () => runtime,
          changeSignals,
          lifecycleStore,
          quotas: new QuotaService({
            store,
            limits: readQuotaLimits(config),
            buildingBlocks,
            getRuntime: () => runtime,
            logger,
          }),
          lifecycle,
          now,
        });

        await scheduler.scheduleTask({
          id: 'workspaces-sync-project-members',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const count = await syncProjectMembers({
              auth: deps.auth,
              catalog: deps.catalog,
              projectMembers,
            });
            logger.debug(
              `Synced the members of ${count} projects from the catalog`,
            );
          },
        });

        const toolConnections = await registerToolProxy({
          ...deps,
          knex,
          store,
          workspaces,
          authorizer,
          buildingBlocks,
          getRuntime: () => runtime,
          now,
        });

        if (lifecycle.enabled) {
          const engine = new LifecyclePolicyEngine({
            config: lifecycle,
            lifecycleStore,
            store,
            workspaces,
            buildingBlocks,
            activitySources: [
              ...(lifecycle.toolActivity
                ? [
                    new JupyterActivitySource({
                      buildingBlocks,
                      getRuntime: () => runtime,
                      toolAddressing: toolConnections.addressing,
                    }),
                  ]
                : []),
              ...activitySources,
            ],
            notifier: new LifecycleNotifier({
              notifications: deps.notifications,
              logger,
            }),
            auditor: deps.auditor,
            changeSignals,
            logger,
            now,
          });
          await scheduler.scheduleTask({
            id: 'workspaces-lifecycle-policies',
            frequency: { seconds: lifecycle.intervalSeconds },
            timeout: { minutes: 5 },
            // one replica acts; two at once would still stop a workspace once
            scope: 'global',
            fn: async () => {
              const result = await engine.run();
              logger.debug(
                `Lifecycle policies: ${result.warned.length} warned, ${result.stopped.length} stopped, ${result.started.length} started`,
              );
            },
          });
        }

        const clusters = readKubernetesClusters(config);
        if (!runtime && clusters.length > 0) {
          const kubernetesRuntime = createKubernetesRuntime({
            toolAddressing: toolConnections.addressing,
            config,
            clusters,
            knex,
            buildingBlocks,
            cipher,
            logger,
            onStatusChange: record => changeSignals.changed(record),
          });
          runtime = kubernetesRuntime;
          deps.lifecycle.addStartupHook(() => kubernetesRuntime.start());
          deps.lifecycle.addShutdownHook(() => kubernetesRuntime.stop());
          await scheduler.scheduleTask({
            id: 'workspaces-sweep',
            frequency: {
              seconds:
                config.getOptionalNumber(
                  'workspaces.kubernetes.sweepIntervalSeconds',
                ) ?? 30,
            },
            timeout: { minutes: 5 },
            scope: 'global',
            fn: () => kubernetesRuntime.sweep(),
          });
        }

        logger.info(
          `Workspaces: ${configBlocks.environments.length} environments, ${
            configBlocks.computePresets.length
          } compute presets, ${
            configBlocks.dataSources.length
          } data sources; runtime: ${
            runtime ? 'installed' : 'none, intents are recorded only'
          }`,
        );

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            buildingBlocks,
            workspaces,
            toolConnections,
            clusters,
            keepAlive: lifecycle.keepAlive,
            // responses are checked against the contract in the tests
            validateResponses: process.env.NODE_ENV === 'test',
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
