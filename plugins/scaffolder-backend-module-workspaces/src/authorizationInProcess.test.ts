import { callers, Caller, expected } from './__testUtils__/actionsMatrix';
import { actionContext, actionOptions } from './__testUtils__/actionContext';
import {
  BackendWithWorkspaces,
  PROJECT,
  startBackendWithWorkspaces,
} from './__testUtils__/startBackendWithWorkspaces';
import { createWorkspaceAction } from './actions/createWorkspace';
import { getBuildingBlocksAction } from './actions/getBuildingBlocks';
import { startWorkspaceAction } from './actions/startWorkspace';
import { stopWorkspaceAction } from './actions/stopWorkspace';

jest.setTimeout(120_000);

describe('the actions act with the permissions of the user running the template (mock tokens, in-process policy)', () => {
  let backend: BackendWithWorkspaces;
  let targetId: string;
  const cells: Array<{
    action: string;
    caller: Caller;
    allowed: boolean;
    error?: string;
  }> = [];

  beforeAll(async () => {
    backend = await startBackendWithWorkspaces();
    const create = createWorkspaceAction(actionOptions(backend));
    const { ctx, outputs } = actionContext(
      {
        project: PROJECT,
        name: 'authz-target',
        environment: 'jupyterlab',
        computePreset: 'cpu-small',
        start: false,
      },
      backend.user('alice'),
    );
    await create.handler(ctx);
    targetId = outputs.id as string;
  });

  afterAll(async () => {
    await backend?.stop();
    // eslint-disable-next-line no-console
    console.log(
      [
        `Scaffolder actions x callers: ${cells.length} cells`,
        ...cells.map(
          c =>
            `${c.action.padEnd(32)} ${callers[c.caller].padEnd(26)} ${
              c.allowed ? 'allowed' : `refused: ${c.error}`
            }`,
        ),
      ].join('\n'),
    );
  });

  function inputFor(action: string, caller: Caller) {
    switch (action) {
      case 'workspaces:building-blocks:get':
        return { project: PROJECT };
      case 'workspaces:create':
        return {
          project: PROJECT,
          name: `authz-${caller}`,
          environment: 'jupyterlab',
          computePreset: 'cpu-small',
          start: false,
        };
      case 'workspaces:start':
        return { workspaceId: targetId, waitUntilRunning: false };
      default:
        return { workspaceId: targetId, waitUntilStopped: false };
    }
  }

  const actions: Record<
    string,
    (options: ReturnType<typeof actionOptions>) => {
      handler(ctx: any): Promise<void>;
    }
  > = {
    'workspaces:building-blocks:get': getBuildingBlocksAction,
    'workspaces:create': createWorkspaceAction,
    'workspaces:start': startWorkspaceAction,
    'workspaces:stop': stopWorkspaceAction,
  };

  describe.each(Object.keys(expected))('%s', action => {
    it.each(Object.keys(callers) as Caller[])('as %s', async caller => {
      const run = actions[action](actionOptions(backend));
      const { ctx } = actionContext(
        inputFor(action, caller),
        backend.user(caller),
      );
      let error: Error | undefined;
      try {
        await run.handler(ctx);
      } catch (e) {
        error = e as Error;
      }
      cells.push({ action, caller, allowed: !error, error: error?.message });
      // a refusal says why: not permitted, or (for what the caller may not
      // even read) not found
      const refusal = /^No permission: |was not found$/;
      expect({
        allowed: !error,
        explained: error ? refusal.test(error.message) : undefined,
      }).toEqual({
        allowed: expected[action][caller],
        explained: expected[action][caller] ? undefined : true,
      });
    });
  });
});
