import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGetBuildingBlocksAction } from './actions/getBuildingBlocks';

/**
 * Adds the workspaces actions to the scaffolder.
 * @public
 */
export const scaffolderModuleWorkspaces = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'workspaces',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        scaffolder.addActions(
          createGetBuildingBlocksAction({ auth, discovery }),
        );
      },
    });
  },
});
