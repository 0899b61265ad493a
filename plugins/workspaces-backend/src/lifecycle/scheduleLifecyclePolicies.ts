import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  WorkspaceActivitySource,
  WorkspaceRuntime,
} from '@backstage-workspaces/plugin-workspaces-node';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { LifecycleStore } from '../database/LifecycleStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { ToolAddressing } from '../tools/toolAddressing';
import { WorkspaceChangeSignals } from '../workspaces/WorkspaceChangeSignals';
import { WorkspaceTransitions } from '../workspaces/WorkspaceTransitions';
import { ToolActivitySource } from './ToolActivitySource';
import { LifecycleNotifier } from './LifecycleNotifier';
import { LifecyclePolicyEngine } from './LifecyclePolicyEngine';
import { LifecyclePolicyConfig } from './readLifecyclePolicy';

/**
 * Runs the lifecycle policies every `intervalSeconds` on one replica, with
 * JupyterLab's own activity (unless `toolActivity` is off) and the activity
 * sources that modules added.
 */
export async function scheduleLifecyclePolicies(options: {
  config: LifecyclePolicyConfig;
  lifecycleStore: LifecycleStore;
  store: WorkspaceStore;
  transitions: WorkspaceTransitions;
  buildingBlocks: BuildingBlockCatalog;
  runtime?: WorkspaceRuntime;
  toolAddressing: ToolAddressing;
  activitySources: WorkspaceActivitySource[];
  /** Tells creators of warnings and stops. */
  notifier: LifecycleNotifier;
  auditor: AuditorService;
  changeSignals: WorkspaceChangeSignals;
  scheduler: SchedulerService;
  logger: LoggerService;
  now: () => Date;
}): Promise<void> {
  const { config, logger } = options;
  if (!config.enabled) {
    return;
  }
  const engine = new LifecyclePolicyEngine({
    ...options,
    activitySources: [
      ...(config.toolActivity
        ? [
            new ToolActivitySource({
              buildingBlocks: options.buildingBlocks,
              runtime: options.runtime,
              toolAddressing: options.toolAddressing,
            }),
          ]
        : []),
      ...options.activitySources,
    ],
  });
  await options.scheduler.scheduleTask({
    id: 'workspaces-lifecycle-policies',
    frequency: { seconds: config.intervalSeconds },
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
