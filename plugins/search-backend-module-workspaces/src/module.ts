import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { WorkspaceCollatorFactory } from './collator/WorkspaceCollatorFactory';

const defaultSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 3 },
};

/**
 * Indexes workspaces for Backstage's search; results are filtered by the
 * reader's `workspace.read` permission.
 * @public
 */
export const searchModuleWorkspacesCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'workspaces',
  register(reg) {
    reg.registerInit({
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ auth, discovery, config, scheduler, indexRegistry }) {
        const collatorConfig = config.getOptionalConfig(
          'search.collators.workspaces',
        );
        const schedule = collatorConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              collatorConfig.getConfig('schedule'),
            )
          : defaultSchedule;
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new WorkspaceCollatorFactory({
            auth,
            discovery,
            locationTemplate:
              collatorConfig?.getOptionalString('locationTemplate') ??
              '/workspaces/:id',
          }),
        });
      },
    });
  },
});
