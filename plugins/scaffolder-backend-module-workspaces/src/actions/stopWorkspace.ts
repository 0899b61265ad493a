import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  changeWorkspaceState,
  workspaceSelectorInput,
  workspaceStateOutput,
} from './changeWorkspaceState';
import { examples } from './stopWorkspace.examples';
import { WorkspacesActionOptions } from './WorkspacesActionOptions';

/**
 * `workspaces:stop`: stops a workspace on behalf of the user running the
 * template and waits until it is Stopped: its pod is gone, its configuration
 * and volumes are kept.
 */
export function stopWorkspaceAction(options: WorkspacesActionOptions) {
  return createTemplateAction({
    id: 'workspaces:stop',
    description:
      'Stops a workspace, named by its id or by its project and name, releasing its CPU, memory and GPUs but keeping its volumes, and waits until it is Stopped',
    examples,
    schema: {
      input: {
        ...workspaceSelectorInput,
        waitUntilStopped: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the workspace is Stopped (default true)'),
      },
      output: workspaceStateOutput,
    },
    async handler(ctx) {
      await changeWorkspaceState(options, ctx, ctx.input, {
        to: 'Stopped',
        wait: ctx.input.waitUntilStopped ?? true,
      });
    },
  });
}
