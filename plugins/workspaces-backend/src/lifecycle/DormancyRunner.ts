import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { DormancyStore } from '../database/DormancyStore';
import { DORMANCY_VOLUMES_DELETED, WorkspaceRecord } from '../model/records';
import { WorkspaceChangeSignals } from '../workspaces/WorkspaceChangeSignals';
import { WorkspaceTransitions } from '../workspaces/WorkspaceTransitions';
import { decideDormancyAction, DormancyAction } from './decideDormancyAction';
import { auditPolicyEvent } from './auditPolicyEvent';
import { LifecycleNotifier } from './LifecycleNotifier';
import { dormancyAppliesTo, DormancyPolicyConfig } from './readDormancyPolicy';

const DAY_MS = 24 * 3_600_000;

/** What one pass did, for logs and tests. */
export interface DormancyPassResult {
  warned: string[];
  cleared: string[];
  deleted: string[];
}

/**
 * Applies dormancy: reads each stopped workspace, decides with
 * `decideDormancyAction`, and warns its creator, withdraws a warning, or
 * deletes its volumes (or the workspace) through the same transitions as a
 * user's delete. Safe to run twice at once: warnings are conditional on the
 * revision they were decided from, deletions guarded by it, and only the
 * runner whose write took notifies and audits.
 */
export class DormancyRunner {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      config: DormancyPolicyConfig;
      dormancyStore: DormancyStore;
      transitions: WorkspaceTransitions;
      notifier: LifecycleNotifier;
      auditor: AuditorService;
      changeSignals?: WorkspaceChangeSignals;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async run(): Promise<DormancyPassResult> {
    const result: DormancyPassResult = { warned: [], cleared: [], deleted: [] };
    for (const record of await this.options.dormancyStore.listCandidates()) {
      try {
        const now = this.now();
        const policy = dormancyAppliesTo(this.options.config, record.projectRef)
          ? this.options.config
          : undefined;
        const action = decideDormancyAction({ workspace: record, policy, now });
        await this.act(record, action, now, result);
      } catch (error) {
        this.options.logger.error(
          `Dormancy of workspace ${record.name} in ${
            record.projectRef
          } failed: ${(error as Error)?.stack ?? error}`,
        );
      }
    }
    return result;
  }

  private async act(
    record: WorkspaceRecord,
    action: DormancyAction,
    now: Date,
    result: DormancyPassResult,
  ) {
    const { dormancyStore, transitions, notifier } = this.options;
    const stoppedDays = Math.floor(
      (now.getTime() - (record.stoppedAt ?? now).getTime()) / DAY_MS,
    );
    switch (action.kind) {
      case 'none':
        return;
      case 'clearWarning':
        if (
          record.dormancyWarning &&
          (await dormancyStore.clearWarning(
            record.id,
            record.dormancyWarning.warnedAt,
          ))
        ) {
          result.cleared.push(record.id);
          this.options.changeSignals?.changed(record);
        }
        return;
      case 'warn': {
        const warned = await dormancyStore.markWarned(record, {
          warnedAt: now,
          deleteAt: action.deleteAt,
        });
        if (!warned) return;
        result.warned.push(record.id);
        this.options.changeSignals?.changed(record);
        await this.audit('workspace-dormancy-warning', 'low', record, {
          deletion: action.deletion,
          deleteAt: action.deleteAt.toISOString(),
          stoppedDays,
        });
        await notifier.dormancyWarned(record, {
          deleteAt: action.deleteAt,
          deletion: action.deletion,
          stoppedDays,
        });
        return;
      }
      case 'delete': {
        const warnedAt = record.dormancyWarning!.warnedAt.toISOString();
        const why = `stopped for ${
          action.stoppedDays
        } days and not started or kept alive since the warning of ${warnedAt.slice(
          0,
          10,
        )}`;
        const message =
          action.deletion === 'workspace'
            ? `Deleted (dormant): ${why}`
            : `Volumes deleted (dormant): ${why}; the configuration is kept, and a start creates new empty volumes`;
        const done = await transitions.applyIfUnchanged(
          record,
          action.deletion === 'workspace'
            ? { to: 'Deleted', reason: 'DormancyDeleted', message }
            : {
                to: 'Stopped',
                reason: DORMANCY_VOLUMES_DELETED,
                statusReason: DORMANCY_VOLUMES_DELETED,
                message,
                deleteVolumes: true,
              },
        );
        if (!done) return;
        result.deleted.push(record.id);
        this.options.logger.info(
          `Workspace ${record.name} in ${record.projectRef}: ${message}`,
        );
        await this.audit('workspace-dormancy-delete', 'medium', record, {
          deletion: action.deletion,
          warnedAt,
          stoppedDays: action.stoppedDays,
        });
        await notifier.dormancyDeleted(record, action.deletion, message);
        return;
      }
      default:
        return;
    }
  }

  private audit(
    eventId: string,
    severityLevel: 'low' | 'medium',
    record: WorkspaceRecord,
    meta: JsonObject,
  ) {
    return auditPolicyEvent(this.options.auditor, {
      eventId,
      severityLevel,
      actor: 'workspaces-dormancy',
      record,
      meta,
    });
  }
}
