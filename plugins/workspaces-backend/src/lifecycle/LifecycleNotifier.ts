import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { WorkspaceRecord } from '../model/records';
import { PlannedStop } from './decideLifecycleAction';

function clock(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/**
 * Tells a workspace's creator about automatic stops and starts through the
 * Backstage notifications plugin. A notification that can't be sent is
 * logged; the banner in the UI shows the same warning.
 */
export class LifecycleNotifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
      /** Where a workspace's page is in the app, e.g. `/workspaces`. */
      linkBase?: string;
    },
  ) {}

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
  ): Promise<void> {
    if (!this.options.notifications) return;
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: record.createdBy },
        payload: {
          ...payload,
          link: `${this.options.linkBase ?? '/workspaces'}/${record.id}`,
          topic: 'workspaces-lifecycle',
          scope: `workspace:${record.id}:lifecycle`,
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
