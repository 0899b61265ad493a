import { LoggerService } from '@backstage/backend-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';

function describe(workspace: Workspace): string {
  const reason = workspace.statusReason ? ` (${workspace.statusReason})` : '';
  const message = workspace.statusMessage ? `: ${workspace.statusMessage}` : '';
  return `${workspace.status}${reason}${message}`;
}

/**
 * Polls a workspace until it has the wanted status, logging every change of
 * status to the task log. Throws when it fails to start (with the reason the
 * cluster gave), when someone else changes its desired state meanwhile, when
 * the task is cancelled, and at the timeout (with the last status).
 */
export async function waitForWorkspaceStatus(options: {
  workspace: Workspace;
  wanted: 'Running' | 'Stopped';
  getWorkspace: () => Promise<Workspace>;
  logger: LoggerService;
  timeoutSeconds: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
}): Promise<Workspace> {
  const { wanted, logger, signal } = options;
  const desiredState = wanted;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let workspace = options.workspace;
  let last = '';
  for (;;) {
    const now = describe(workspace);
    if (now !== last) {
      logger.info(`Workspace ${workspace.name} is ${now}`);
      last = now;
    }
    if (workspace.status === wanted) {
      return workspace;
    }
    if (wanted === 'Running' && workspace.status === 'Failed') {
      throw new Error(
        `Workspace ${workspace.name} failed to start: ${
          workspace.statusReason ?? 'Failed'
        }: ${workspace.statusMessage}`,
      );
    }
    if (workspace.desiredState !== desiredState) {
      throw new Error(
        `Workspace ${workspace.name} was asked to be ${workspace.desiredState} while waiting for it to be ${wanted}`,
      );
    }
    if (signal?.aborted) {
      throw new Error(
        `Stopped waiting for workspace ${workspace.name}: the task was cancelled`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Workspace ${workspace.name} is not ${wanted} after ${options.timeoutSeconds} seconds; it is ${now}`,
      );
    }
    await new Promise(resolve =>
      setTimeout(
        resolve,
        Math.min(options.pollIntervalMs, Math.max(deadline - Date.now(), 0)),
      ),
    );
    workspace = await options.getWorkspace();
  }
}
