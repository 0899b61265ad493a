import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { waitForWorkspaceStatus } from '../api/waitForWorkspaceStatus';
import { findWorkspace } from './findWorkspace';
import { examples } from './startWorkspace.examples';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TIMEOUT_SECONDS,
  WorkspacesActionOptions,
  workspaceUrl,
} from './WorkspacesActionOptions';

/**
 * `workspaces:start`: starts a stopped (or failed) workspace on behalf of the
 * user running the template and waits until it is Running.
 */
export function startWorkspaceAction(options: WorkspacesActionOptions) {
  const { api, appBaseUrl } = options;
  return createTemplateAction({
    id: 'workspaces:start',
    description:
      'Starts a workspace, named by its id or by its project and name, and waits until it is Running',
    examples,
    schema: {
      input: {
        workspaceId: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'Id of the workspace (the id output of workspaces:create); or give project and name',
            ),
        project: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe('Entity ref of the project, with name'),
        name: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe('Name of the workspace in the project'),
        waitUntilRunning: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the workspace is Running (default true)'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(3600)
            .optional()
            .describe(
              `How long to wait, in seconds (default ${DEFAULT_TIMEOUT_SECONDS})`,
            ),
      },
      output: {
        id: z => z.string().describe('Id of the workspace'),
        status: z =>
          z.string().describe('Status of the workspace when the step ended'),
        url: z => z.string().describe("Link to the workspace's details page"),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const found = await findWorkspace(api, ctx, input);
      logger.info(`Starting workspace ${found.name} in ${found.project}`);
      const started = await api.call(ctx, (client, o) =>
        client.startWorkspace({ path: { workspaceId: found.id } }, o),
      );
      ctx.output('id', started.id);
      ctx.output('url', workspaceUrl(appBaseUrl, started.id));
      let workspace = started;
      if (input.waitUntilRunning ?? true) {
        workspace = await waitForWorkspaceStatus({
          workspace: started,
          wanted: 'Running',
          getWorkspace: () =>
            api.call(ctx, (client, o) =>
              client.getWorkspace({ path: { workspaceId: started.id } }, o),
            ),
          logger,
          timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          signal: ctx.signal,
        });
      }
      ctx.output('status', workspace.status);
    },
  });
}
