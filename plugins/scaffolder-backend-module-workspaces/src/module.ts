import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createWorkspaceAction } from './actions/createWorkspace';
import { getBuildingBlocksAction } from './actions/getBuildingBlocks';
import { startWorkspaceAction } from './actions/startWorkspace';
import { stopWorkspaceAction } from './actions/stopWorkspace';
import { WorkspacesApiOnBehalf } from './api/WorkspacesApiOnBehalf';

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
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        const options = {
          api: new WorkspacesApiOnBehalf({ auth, discovery }),
          appBaseUrl: config.getString('app.baseUrl'),
        };
        scaffolder.addActions(
          getBuildingBlocksAction(options),
          createWorkspaceAction(options),
          startWorkspaceAction(options),
          stopWorkspaceAction(options),
        );
      },
    });
  },
});
