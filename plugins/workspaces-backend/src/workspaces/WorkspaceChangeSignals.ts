import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  WorkspaceChangedSignal,
  WORKSPACES_SIGNAL_CHANNEL,
} from '@backstage-workspaces/plugin-workspaces-common';
import { ProjectMemberStore } from '../database/ProjectMemberStore';

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
  constructor(
    private readonly options: {
      signals: SignalsService;
      projectMembers: ProjectMemberStore;
      adminRefs: string[];
      logger: LoggerService;
    },
  ) {}

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
    const members = await projectMembers.getMembers([workspace.projectRef]);
    const recipients = new Set([
      ...(members.get(workspace.projectRef) ?? []),
      workspace.createdBy,
      ...adminRefs,
    ]);
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
