import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  isStatusIn,
  TOOLS_UP_STATUSES,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  WorkspaceActivitySource,
  WorkspaceActivityTarget,
} from '@backstage-workspaces/plugin-workspaces-node';
import { LifecycleStore } from '../database/LifecycleStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { WorkspaceChangeSignals } from '../workspaces/WorkspaceChangeSignals';
import { WorkspaceTransitions } from '../workspaces/WorkspaceTransitions';
import {
  decideLifecycleAction,
  LifecycleAction,
  LifecycleSignals,
} from './decideLifecycleAction';
import { auditPolicyEvent } from './auditPolicyEvent';
import { LifecycleNotifier } from './LifecycleNotifier';
import {
  LifecyclePolicyConfig,
  resolveLifecyclePolicy,
} from './readLifecyclePolicy';

export interface LifecyclePolicyEngineOptions {
  config: LifecyclePolicyConfig;
  lifecycleStore: LifecycleStore;
  store: WorkspaceStore;
  transitions: WorkspaceTransitions;
  buildingBlocks: BuildingBlockCatalog;
  activitySources: WorkspaceActivitySource[];
  notifier: LifecycleNotifier;
  auditor: AuditorService;
  changeSignals?: WorkspaceChangeSignals;
  logger: LoggerService;
  now?: () => Date;
}

/** What one pass did, for logs and tests. */
export interface LifecyclePassResult {
  warned: string[];
  stopped: string[];
  started: string[];
  cleared: string[];
}

/**
 * Applies the lifecycle policies: reads each running workspace's activity
 * signals, decides with `decideLifecycleAction`, and warns, stops or starts.
 * Runs as a global scheduler task, and is safe to run twice at once: every
 * write is conditional on the state it was decided from (warnings and
 * scheduled starts on their columns, stops on the workspace's revision),
 * and only the runner whose write took notifies and audits.
 */
export class LifecyclePolicyEngine {
  private readonly now: () => Date;

  constructor(private readonly options: LifecyclePolicyEngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async run(): Promise<LifecyclePassResult> {
    const result: LifecyclePassResult = {
      warned: [],
      stopped: [],
      started: [],
      cleared: [],
    };
    const candidates = await this.options.lifecycleStore.listCandidates();
    for (const record of candidates) {
      try {
        await this.apply(record, result);
      } catch (error) {
        this.options.logger.error(
          `Lifecycle policies of workspace ${record.name} in ${
            record.projectRef
          } failed: ${(error as Error)?.stack ?? error}`,
        );
      }
    }
    return result;
  }

  private async apply(record: WorkspaceRecord, result: LifecyclePassResult) {
    const { config, buildingBlocks } = this.options;
    const blocks = buildingBlocks.forProject(record.projectRef);
    const policy = resolveLifecyclePolicy(config, record, {
      environment: blocks.environments.find(e => e.id === record.environmentId)
        ?.title,
      computePreset: blocks.computePresets.find(
        p => p.id === record.computePresetId,
      )?.title,
    });
    // the open run's start came with the listing (`listCandidates`)
    const run =
      record.desiredState === 'Running' && record.runStartedAt
        ? { startedAt: record.runStartedAt }
        : undefined;
    const signals: LifecycleSignals = {
      proxyActivityAt: record.lastActivityAt,
      reports:
        run &&
        policy.idleMs !== undefined &&
        isStatusIn(TOOLS_UP_STATUSES, record.status)
          ? await this.readActivity(record)
          : [],
    };
    const now = this.now();
    const action = decideLifecycleAction({
      workspace: record,
      run,
      signals,
      policy,
      defaultTimeZone: config.schedules.defaultTimeZone,
      now,
    });
    await this.act(record, action, now, result);
  }

  private async act(
    record: WorkspaceRecord,
    action: LifecycleAction,
    now: Date,
    result: LifecyclePassResult,
  ) {
    const { lifecycleStore, transitions, notifier, config } = this.options;
    switch (action.kind) {
      case 'none':
        return;
      case 'clearWarning':
        if (
          record.autoStop &&
          (await lifecycleStore.clearWarning(
            record.id,
            record.autoStop.warnedAt,
          ))
        ) {
          result.cleared.push(record.id);
          this.options.changeSignals?.changed(record);
        }
        return;
      case 'warn': {
        const warned = await lifecycleStore.markWarned(record.id, {
          ...action.stop,
          warnedAt: now,
        });
        if (!warned) return;
        result.warned.push(record.id);
        this.options.changeSignals?.changed(record);
        await this.audit('workspace-auto-stop-warning', 'low', record, {
          reason: action.stop.reason,
          message: action.stop.message,
          stopAt: action.stop.at.toISOString(),
        });
        await notifier.warned(record, action.stop, now, {
          extensionMinutes: config.keepAlive.extensionMinutes,
          remaining: Math.max(
            0,
            config.keepAlive.maxPerRun - (record.keepAliveCount ?? 0),
          ),
        });
        return;
      }
      case 'stop': {
        const stopped = await transitions.applyIfUnchanged(record, {
          to: 'Stopped',
          reason: `AutoStop${action.reason}`,
          statusReason: `AutoStop${action.reason}`,
          message: `Stopped: ${action.message}`,
        });
        if (!stopped) return;
        result.stopped.push(record.id);
        this.options.logger.info(
          `Workspace ${record.name} in ${record.projectRef} stopped: ${action.message}`,
        );
        await this.audit('workspace-auto-stop', 'medium', record, {
          reason: action.reason,
          message: action.message,
        });
        await notifier.stopped(record, action.message);
        return;
      }
      case 'start': {
        if (
          !(await lifecycleStore.claimScheduledStart(
            record.id,
            action.occurrence,
          ))
        ) {
          return;
        }
        try {
          await transitions.apply(record, {
            to: 'Running',
            reason: 'StartRequested',
            message: 'Started by its schedule',
          });
        } catch (error) {
          const message = (error as Error)?.message ?? String(error);
          await this.audit(
            'workspace-scheduled-start',
            'medium',
            record,
            { occurrence: action.occurrence.toISOString() },
            error as Error,
          );
          await notifier.startRefused(record, message);
          return;
        }
        result.started.push(record.id);
        await this.audit('workspace-scheduled-start', 'medium', record, {
          occurrence: action.occurrence.toISOString(),
        });
        return;
      }
      default:
        return;
    }
  }

  /** What the tools and activity sources report; a failing source reports nothing. */
  private async readActivity(
    record: WorkspaceRecord,
  ): Promise<LifecycleSignals['reports']> {
    const target: WorkspaceActivityTarget = {
      id: record.id,
      name: record.name,
      namespace: record.namespace,
      cluster: record.cluster,
      projectRef: record.projectRef,
      environmentId: record.environmentId,
      computePresetId: record.computePresetId,
      gpus: record.resources.gpus,
    };
    const reports = await Promise.all(
      this.options.activitySources.map(async source => {
        try {
          const activity = await source.readActivity(target);
          return activity ? [{ source: source.name, ...activity }] : [];
        } catch (error) {
          this.options.logger.debug(
            `Activity source ${source.name} for workspace ${record.name}: ${
              (error as Error)?.message ?? error
            }`,
          );
          return [];
        }
      }),
    );
    const flat = reports.flat();
    // what the tools report shows in the API's lastActivityAt too
    const latest = flat
      .map(report => report.lastActiveAt)
      .filter((time): time is Date => Boolean(time))
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (latest && latest <= this.now()) {
      await this.options.store.recordActivity(record.id, latest, latest);
    }
    return flat;
  }

  private audit(
    eventId: string,
    severityLevel: 'low' | 'medium',
    record: WorkspaceRecord,
    meta: JsonObject,
    error?: Error,
  ) {
    return auditPolicyEvent(this.options.auditor, {
      eventId,
      severityLevel,
      actor: 'workspaces-lifecycle-policies',
      record,
      meta,
      error,
    });
  }
}
