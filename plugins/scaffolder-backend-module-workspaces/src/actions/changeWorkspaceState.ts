import { LoggerService } from '@backstage/backend-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import type { z as zod } from 'zod/v3';
import { waitForWorkspaceStatus } from '../api/waitForWorkspaceStatus';
import { findWorkspace, WorkspaceSelector } from './findWorkspace';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TIMEOUT_SECONDS,
  WorkspacesActionOptions,
  workspaceUrl,
} from './WorkspacesActionOptions';

type ActionContext = Parameters<WorkspacesActionOptions['api']['call']>[0] & {
  logger: LoggerService;
  signal?: AbortSignal;
  output(name: string, value: unknown): void;
};

/** The inputs that name a workspace and bound the wait, shared by start and stop. */
export const workspaceSelectorInput = {
  workspaceId: (z: typeof zod) =>
    z
      .string()
      .min(1)
      .optional()
      .describe(
        'Id of the workspace (the id output of workspaces:create); or give project and name',
      ),
  project: (z: typeof zod) =>
    z
      .string()
      .min(1)
      .optional()
      .describe('Entity ref of the project, with name'),
  name: (z: typeof zod) =>
    z
      .string()
      .min(1)
      .optional()
      .describe('Name of the workspace in the project'),
  timeoutSeconds: (z: typeof zod) =>
    z
      .number()
      .int()
      .min(1)
      .max(3600)
      .optional()
      .describe(
        `How long to wait, in seconds (default ${DEFAULT_TIMEOUT_SECONDS})`,
      ),
};

/** The outputs of start and stop. */
export const workspaceStateOutput = {
  id: (z: typeof zod) => z.string().describe('Id of the workspace'),
  status: (z: typeof zod) =>
    z.string().describe('Status of the workspace when the step ended'),
  url: (z: typeof zod) =>
    z.string().describe("Link to the workspace's details page"),
};

/**
 * Waits, logging each status to the task log, until the workspace has the
 * wanted status; returns it as last seen.
 */
export function waitForWorkspace(
  options: WorkspacesActionOptions,
  ctx: ActionContext,
  workspace: Workspace,
  wanted: 'Running' | 'Stopped',
  timeoutSeconds: number | undefined,
): Promise<Workspace> {
  return waitForWorkspaceStatus({
    workspace,
    wanted,
    getWorkspace: () =>
      options.api.call(ctx, (client, o) =>
        client.getWorkspace({ path: { workspaceId: workspace.id } }, o),
      ),
    logger: ctx.logger,
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    signal: ctx.signal,
  });
}

/**
 * Starts or stops the workspace the input names, on behalf of the user
 * running the template, and waits for the outcome unless told not to.
 */
export async function changeWorkspaceState(
  options: WorkspacesActionOptions,
  ctx: ActionContext,
  input: WorkspaceSelector & { timeoutSeconds?: number },
  change: { to: 'Running' | 'Stopped'; wait: boolean },
): Promise<void> {
  const found = await findWorkspace(options.api, ctx, input);
  const starting = change.to === 'Running';
  ctx.logger.info(
    `${starting ? 'Starting' : 'Stopping'} workspace ${found.name} in ${
      found.project
    }`,
  );
  const changed = await options.api.call(ctx, (client, o) => {
    const request = { path: { workspaceId: found.id } };
    return starting
      ? client.startWorkspace(request, o)
      : client.stopWorkspace(request, o);
  });
  ctx.output('id', changed.id);
  ctx.output('url', workspaceUrl(options.appBaseUrl, changed.id));
  const workspace = change.wait
    ? await waitForWorkspace(
        options,
        ctx,
        changed,
        change.to,
        input.timeoutSeconds,
      )
    : changed;
  ctx.output('status', workspace.status);
}
