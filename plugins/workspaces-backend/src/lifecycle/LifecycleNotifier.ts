import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { RecordedStatusChange } from '../database/RuntimeStore';
import { WorkspaceRecord } from '../model/records';
import { PlannedStop } from './decideLifecycleAction';
import { decideRunNotice } from './decideRunNotice';
import { DormancyDeletion } from './readDormancyPolicy';

function clock(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/**
 * Tells a workspace's creator about automatic stops and starts, a failed run
 * and a slow start through the Backstage notifications plugin. A
 * notification that can't be sent is logged; the UI shows the same (the
 * banner, the status).
 */
export class LifecycleNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
      /** Where a workspace's page is in the app, e.g. `/workspaces`. */
      linkBase?: string;
      /** A start at least this long is told when it is Running; 0: never. */
      slowStartMs?: number;
      /** The plugin's clock, which also stamps the runs' starts. */
      now?: () => Date;
    },
  ) {}

  /**
   * A status change the runtime recorded: the creator hears of a failed run
   * and of a slow start (see decideRunNotice). Sends in the background.
   */
  statusChanged(record: WorkspaceRecord, change: RecordedStatusChange): void {
    const notice = decideRunNotice({
      workspace: record,
      change,
      slowStartMs: this.options.slowStartMs ?? 0,
      now: this.options.now?.() ?? new Date(),
    });
    if (notice) {
      const { title, description, severity } = notice;
      // one notice per run in the inbox, should it ever come twice
      const scope = `workspace:${record.id}:run:${change.run?.id ?? 'none'}`;
      void this.send(
        record,
        { title, description, severity },
        { topic: 'workspaces-runs', scope },
      );
    }
  }

  warned(
    record: WorkspaceRecord,
    stop: PlannedStop,
    now: Date,
    keepAlive: { extensionMinutes: number; remaining: number },
  ) {
    const minutes = Math.max(
      0,
      Math.round((stop.at.getTime() - now.getTime()) / 60_000),
    );
    return this.send(record, {
      title: `Workspace ${record.name} stops in ${minutes} min`,
      description: `It stops at ${clock(stop.at)}: ${stop.message}. ${
        keepAlive.remaining > 0
          ? `Keep it alive for ${keepAlive.extensionMinutes} min from its page if you still need it (${keepAlive.remaining} left for this run).`
          : 'It was kept alive as often as allowed; save your work.'
      } Volumes and configuration are kept.`,
      severity: 'high',
    });
  }

  stopped(record: WorkspaceRecord, message: string) {
    return this.send(record, {
      title: `Workspace ${record.name} was stopped`,
      description: `Stopped: ${message}. Its volumes and configuration are kept; start it again when you need it.`,
      severity: 'normal',
    });
  }

  /** The workspace has been stopped long enough for dormancy (see DormancyRunner). */
  dormancyWarned(
    record: WorkspaceRecord,
    warning: {
      deleteAt: Date;
      deletion: DormancyDeletion;
      stoppedDays: number;
    },
  ) {
    const what =
      warning.deletion === 'workspace'
        ? 'it will be deleted'
        : 'its volumes will be deleted';
    return this.send(record, {
      title: `Workspace ${record.name} is dormant: ${what} on ${warning.deleteAt
        .toISOString()
        .slice(0, 10)}`,
      description: `It has been stopped for ${
        warning.stoppedDays
      } days. On ${warning.deleteAt
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ')} UTC ${what}${
        warning.deletion === 'volumes' ? ' (its configuration is kept)' : ''
      }. Start it, or keep it alive from its page, if you still need it.`,
      severity: 'high',
    });
  }

  dormancyDeleted(
    record: WorkspaceRecord,
    deletion: DormancyDeletion,
    message: string,
  ) {
    return this.send(record, {
      title:
        deletion === 'workspace'
          ? `Workspace ${record.name} was deleted (dormant)`
          : `Workspace ${record.name}: its volumes were deleted (dormant)`,
      description: message,
      severity: 'normal',
    });
  }

  startRefused(record: WorkspaceRecord, reason: string) {
    return this.send(record, {
      title: `Workspace ${record.name} did not start on schedule`,
      description: reason,
      severity: 'high',
    });
  }

  private async send(
    record: WorkspaceRecord,
    payload: {
      title: string;
      description: string;
      severity: 'high' | 'normal';
    },
    grouping = {
      topic: 'workspaces-lifecycle',
      scope: `workspace:${record.id}:lifecycle`,
    },
  ): Promise<void> {
    if (!this.options.notifications) return;
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: record.createdBy },
        payload: {
          ...payload,
          link: `${this.options.linkBase ?? '/workspaces'}/${record.id}`,
          ...grouping,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify ${record.createdBy} about workspace ${record.name}: ${
          (error as Error)?.message ?? error
        }`,
      );
    }
  }
}
