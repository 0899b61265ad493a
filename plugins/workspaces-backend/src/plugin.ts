import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { workspacePermissions } from '@backstage-workspaces/plugin-workspaces-common';
import {
  WorkspaceBuildingBlocksProvider,
  workspacesBuildingBlocksExtensionPoint,
} from '@backstage-workspaces/plugin-workspaces-node';
import { createRouter } from './router/createRouter';
import { BuildingBlockCatalog } from './service/BuildingBlockCatalog';
import { ProjectResolver } from './service/ProjectResolver';
import { readBuildingBlocksConfig } from './service/readBuildingBlocksConfig';

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

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissionsRegistry,
        catalog,
      }) {
        const { admins, ...configBlocks } = readBuildingBlocksConfig(config);
        const buildingBlocks = await BuildingBlockCatalog.create({
          config: configBlocks,
          providers,
        });
        const all = buildingBlocks.forProject();
        logger.info(
          `Workspaces building blocks: ${configBlocks.environments.length} environments, ${configBlocks.computePresets.length} compute presets, ${configBlocks.dataSources.length} data sources in config; ${all.environments.length} open to all projects; ${admins.length} admin refs`,
        );

        permissionsRegistry.addPermissions(workspacePermissions);

        httpRouter.use(
          await createRouter({
            httpAuth,
            buildingBlocks,
            projects: new ProjectResolver(catalog),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
