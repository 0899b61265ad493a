import { CoreV1Api } from '@kubernetes/client-node';
import { createAdminKubeConfig, getKubeLocal } from '@internal/kube-local';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import {
  APP_BASE_URL,
  BackendWithWorkspaces,
  NAMESPACE,
  PROJECT,
  startBackendWithWorkspaces,
} from '../__testUtils__/startBackendWithWorkspaces';
import { createWorkspaceAction } from './createWorkspace';

jest.setTimeout(120_000);

describe('workspaces:create', () => {
  let backend: BackendWithWorkspaces;
  let action: ReturnType<typeof createWorkspaceAction>;
  const core = createAdminKubeConfig(getKubeLocal()).makeApiClient(CoreV1Api);

  const input = (changes: Record<string, unknown> = {}) => ({
    project: PROJECT,
    name: 'notebook',
    environment: 'jupyterlab',
    computePreset: 'cpu-small',
    ...changes,
  });

  beforeAll(async () => {
    backend = await startBackendWithWorkspaces();
    action = createWorkspaceAction(actionOptions(backend));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('creates a workspace as the user, starts it and waits until it is Running', async () => {
    const { ctx, log, outputs } = actionContext(
      input({
        name: 'create-runs',
        computeOverrides: { memory: '512Mi' },
        dataSources: [{ id: 'home', size: '2Gi' }],
        env: [
          { name: 'MLFLOW_URL', value: 'http://mlflow' },
          { name: 'TOKEN', value: 's3cr3t', secret: true },
        ],
      }),
      backend.user('alice'),
    );
    await action.handler(ctx);

    expect(outputs).toEqual({
      id: expect.any(String),
      name: 'create-runs',
      namespace: NAMESPACE,
      status: 'Running',
      url: `${APP_BASE_URL}/workspaces/${outputs.id}`,
    });
    // the pod of the workspace is there and ready, in the project's namespace
    const pod = await core.readNamespacedPod({
      namespace: NAMESPACE,
      name: 'ws-create-runs-0',
    });
    expect(pod.status?.conditions?.find(c => c.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(pod.spec?.containers[0].resources?.requests?.memory).toBe('512Mi');
    // the task log tells the story: creation, then the statuses on the way
    expect(log[0]).toBe(
      `Creating workspace create-runs in ${PROJECT}: environment jupyterlab, compute preset cpu-small`,
    );
    expect(log).toContain(
      `Created workspace create-runs (${outputs.id}) in namespace ${NAMESPACE}: ${outputs.url}`,
    );
    expect(
      log.some(line => line.startsWith('Workspace create-runs is Creating')),
    ).toBe(true);
    expect(log[log.length - 1]).toMatch(
      /^Workspace create-runs is Running \(Ready\): Running on node sim-/,
    );
  });

  it('creates a workspace without starting it when start is false', async () => {
    const { ctx, outputs } = actionContext(
      input({ name: 'create-stopped', start: false }),
      backend.user('alice'),
    );
    await action.handler(ctx);
    expect(outputs).toMatchObject({
      name: 'create-stopped',
      status: 'Stopped',
    });
  });

  it('starts without waiting when waitUntilRunning is false', async () => {
    const { ctx, outputs } = actionContext(
      input({ name: 'create-nowait', waitUntilRunning: false }),
      backend.user('alice'),
    );
    await action.handler(ctx);
    expect(outputs).toMatchObject({
      name: 'create-nowait',
      status: 'Creating',
    });
  });

  it('fails for an unknown project, naming it', async () => {
    const { ctx } = actionContext(
      input({ project: 'system:default/nope' }),
      backend.user('alice'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'Project system:default/nope was not found in the catalog',
    );
  });

  it('fails for an entity that is not a project, naming the input', async () => {
    const { ctx } = actionContext(
      input({ project: 'system:default/website' }),
      backend.user('alice'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'Invalid input project: system:default/website is not a workspaces project; it needs the annotation backstage.io/kubernetes-namespace',
    );
  });

  it('fails without permission when the user is not assigned to the project', async () => {
    const { ctx } = actionContext(
      input({ name: 'create-bob' }),
      backend.user('bob'),
    );
    const error = action.handler(ctx);
    await expect(error).rejects.toThrow(
      `No permission: You are not assigned to project ${PROJECT}`,
    );
    await expect(error).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it.each([
    [
      { computePreset: 'gpu-8' },
      `Invalid input computePreset: 'gpu-8' is not a compute preset available to ${PROJECT}; available: cpu-small`,
    ],
    [
      { computeOverrides: { memory: '64Gi' } },
      'Invalid input computeOverrides.memory: 64Gi is outside the range 256Mi to 2Gi that compute preset cpu-small allows',
    ],
    [
      { environment: 'rstudio' },
      `Invalid input environment: 'rstudio' is not an environment available to ${PROJECT}; available: jupyterlab, broken, never-ready`,
    ],
    [
      { dataSources: ['home', 'scratch'] },
      `Invalid input dataSources[1].id: 'scratch' is not a data source available to ${PROJECT}; available: home`,
    ],
    [
      { name: 'Not_A_Name' },
      "Invalid input name: 'Not_A_Name' is not a valid workspace name",
    ],
    [
      { env: [{ name: '1BAD', value: 'x' }] },
      "Invalid input env[0].name: '1BAD' must start with a letter",
    ],
  ])(
    'fails for invalid input %j, naming the input',
    async (changes, message) => {
      const { ctx } = actionContext(input(changes), backend.user('alice'));
      await expect(action.handler(ctx)).rejects.toThrow(message);
    },
  );

  it('fails when the name is taken in the project', async () => {
    const first = actionContext(
      input({ name: 'create-twice', start: false }),
      backend.user('alice'),
    );
    await action.handler(first.ctx);
    const { ctx } = actionContext(
      input({ name: 'create-twice', start: false }),
      backend.user('alice'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      `name: a workspace named 'create-twice' already exists in ${PROJECT}; names must be unique in a project`,
    );
  });

  it('fails when the workspace fails to start, with the reason from the cluster', async () => {
    const { ctx, outputs } = actionContext(
      input({ name: 'create-broken', environment: 'broken' }),
      backend.user('alice'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Workspace create-broken failed to start: ImagePullBackOff: .*registry\.example\.com\/team\/fail-pull:1\.0/,
    );
    // the step still tells where to look
    expect(outputs.url).toBe(`${APP_BASE_URL}/workspaces/${outputs.id}`);
  });

  it('fails at the timeout, saying what the workspace is waiting for', async () => {
    const { ctx } = actionContext(
      input({
        name: 'create-slow',
        environment: 'never-ready',
        timeoutSeconds: 3,
      }),
      backend.user('alice'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Workspace create-slow is not Running after 3 seconds; it is (Creating|Initializing)/,
    );
  });
});
