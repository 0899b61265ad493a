import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  WorkspaceChangedSignal,
  WORKSPACES_SIGNAL_CHANNEL,
} from '@backstage-workspaces/plugin-workspaces-common';
import { ShortMemo } from '../clock/ShortMemo';
import { ProjectMemberStore } from '../database/ProjectMemberStore';

/**
 * How long a project's members, once read, stand for the next signals: the
 * many status changes of a burst of starts read them once, not each. A
 * member who just left may get a refresh hint for that long; the hint holds
 * ids only, and the read it prompts is authorized as usual.
 */
export const MEMBERS_TTL_MS = 2_000;

/** The part of a workspace a change signal needs. */
export interface ChangedWorkspace {
  id: string;
  projectRef: string;
  createdBy: string;
  status: WorkspaceChangedSignal['status'];
}

/**
 * Tells the people who may see a workspace that it changed, so that open
 * grids and details pages refresh without polling: the project's members,
 * its creator and the admins. The message holds ids only; clients read the
 * workspace through the API, with their own permissions.
 */
export class WorkspaceChangeSignals {
  private readonly members: ShortMemo<string[]>;

  constructor(
    private readonly options: {
      signals: SignalsService;
      projectMembers: ProjectMemberStore;
      adminRefs: string[];
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.members = new ShortMemo({
      ttlMs: MEMBERS_TTL_MS,
      maxEntries: 10_000,
      now: options.now,
    });
  }

  /** Publishes in the background; a lost signal only delays a refresh. */
  changed(workspace: ChangedWorkspace): void {
    this.publish(workspace).catch(error =>
      this.options.logger.warn(
        `Could not signal the change of workspace ${workspace.id}: ${error}`,
      ),
    );
  }

  private async publish(workspace: ChangedWorkspace): Promise<void> {
    const { signals, projectMembers, adminRefs } = this.options;
    const members = await this.members.get(
      workspace.projectRef,
      async () =>
        (
          await projectMembers.getMembers([workspace.projectRef])
        ).get(workspace.projectRef) ?? [],
    );
    const recipients = new Set([...members, workspace.createdBy, ...adminRefs]);
    await signals.publish<WorkspaceChangedSignal>({
      recipients: { type: 'user', entityRef: [...recipients] },
      channel: WORKSPACES_SIGNAL_CHANNEL,
      message: {
        workspaceId: workspace.id,
        project: workspace.projectRef,
        status: workspace.status,
      },
    });
  }
}
