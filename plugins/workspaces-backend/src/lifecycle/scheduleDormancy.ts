import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DormancyStore } from '../database/DormancyStore';
import { WorkspaceChangeSignals } from '../workspaces/WorkspaceChangeSignals';
import { WorkspaceTransitions } from '../workspaces/WorkspaceTransitions';
import { DormancyRunner } from './DormancyRunner';
import { LifecycleNotifier } from './LifecycleNotifier';
import { DormancyPolicyConfig } from './readDormancyPolicy';

/**
 * Runs dormancy every `intervalSeconds` on one replica, when
 * `workspaces.dormancy` is configured.
 */
export async function scheduleDormancy(options: {
  config?: DormancyPolicyConfig;
  dormancyStore: DormancyStore;
  transitions: WorkspaceTransitions;
  notifier: LifecycleNotifier;
  auditor: AuditorService;
  changeSignals: WorkspaceChangeSignals;
  scheduler: SchedulerService;
  logger: LoggerService;
  now: () => Date;
}): Promise<void> {
  const { config, logger } = options;
  if (!config) {
    return;
  }
  const runner = new DormancyRunner({ ...options, config });
  await options.scheduler.scheduleTask({
    id: 'workspaces-dormancy',
    frequency: { seconds: config.intervalSeconds },
    timeout: { minutes: 10 },
    // one replica acts; two at once would still warn and delete once
    scope: 'global',
    fn: async () => {
      const result = await runner.run();
      logger.debug(
        `Dormancy: ${result.warned.length} warned, ${result.cleared.length} warnings withdrawn, ${result.deleted.length} deleted`,
      );
    },
  });
}
