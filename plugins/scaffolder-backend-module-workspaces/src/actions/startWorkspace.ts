import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  changeWorkspaceState,
  workspaceSelectorInput,
  workspaceStateOutput,
} from './changeWorkspaceState';
import { examples } from './startWorkspace.examples';
import { WorkspacesActionOptions } from './WorkspacesActionOptions';

/**
 * `workspaces:start`: starts a stopped (or failed) workspace on behalf of the
 * user running the template and waits until it is Running.
 */
export function startWorkspaceAction(options: WorkspacesActionOptions) {
  return createTemplateAction({
    id: 'workspaces:start',
    description:
      'Starts a workspace, named by its id or by its project and name, and waits until it is Running',
    examples,
    schema: {
      input: {
        ...workspaceSelectorInput,
        waitUntilRunning: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the workspace is Running (default true)'),
      },
      output: workspaceStateOutput,
    },
    async handler(ctx) {
      await changeWorkspaceState(options, ctx, ctx.input, {
        to: 'Running',
        wait: ctx.input.waitUntilRunning ?? true,
      });
    },
  });
}
