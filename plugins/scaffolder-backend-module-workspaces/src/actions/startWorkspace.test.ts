import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import {
  APP_BASE_URL,
  BackendWithWorkspaces,
  PROJECT,
  startBackendWithWorkspaces,
} from '../__testUtils__/startBackendWithWorkspaces';
import { createWorkspaceAction } from './createWorkspace';
import { startWorkspaceAction } from './startWorkspace';
import { stopWorkspaceAction } from './stopWorkspace';

jest.setTimeout(120_000);

describe('workspaces:start and workspaces:stop', () => {
  let backend: BackendWithWorkspaces;
  let create: ReturnType<typeof createWorkspaceAction>;
  let start: ReturnType<typeof startWorkspaceAction>;
  let stop: ReturnType<typeof stopWorkspaceAction>;

  beforeAll(async () => {
    backend = await startBackendWithWorkspaces();
    const options = actionOptions(backend);
    create = createWorkspaceAction(options);
    start = startWorkspaceAction(options);
    stop = stopWorkspaceAction(options);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function createStopped(name: string): Promise<string> {
    const { ctx, outputs } = actionContext(
      {
        project: PROJECT,
        name,
        environment: 'jupyterlab',
        computePreset: 'cpu-small',
        start: false,
      },
      backend.user('alice'),
    );
    await create.handler(ctx);
    return outputs.id as string;
  }

  it('starts a workspace by id until Running, then stops it by project and name until Stopped', async () => {
    const id = await createStopped('cycle');

    const started = actionContext({ workspaceId: id }, backend.user('alice'));
    await start.handler(started.ctx);
    expect(started.outputs).toEqual({
      id,
      status: 'Running',
      url: `${APP_BASE_URL}/workspaces/${id}`,
    });
    expect(started.log[0]).toBe(`Starting workspace cycle in ${PROJECT}`);

    const stopped = actionContext(
      { project: PROJECT, name: 'cycle' },
      backend.user('alice'),
    );
    await stop.handler(stopped.ctx);
    expect(stopped.outputs).toMatchObject({ id, status: 'Stopped' });
    expect(stopped.log).toContain(
      'Workspace cycle is Stopped (PodRemoved): Stopped; configuration and volumes are kept',
    );
  });

  it('fails for a workspace that does not exist, or that the user may not see', async () => {
    const { ctx } = actionContext(
      { project: PROJECT, name: 'no-such-workspace' },
      backend.user('alice'),
    );
    await expect(start.handler(ctx)).rejects.toThrow(
      `No workspace named 'no-such-workspace' in ${PROJECT} that you may see`,
    );
    const byId = actionContext(
      { workspaceId: '00000000-0000-4000-8000-000000000000' },
      backend.user('alice'),
    );
    await expect(stop.handler(byId.ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('fails without a workspace id or a project and name, naming the input', async () => {
    const { ctx } = actionContext({ name: 'cycle' }, backend.user('alice'));
    await expect(stop.handler(ctx)).rejects.toThrow(
      'Invalid input workspaceId: give the id of the workspace, or its project and name',
    );
  });
});
