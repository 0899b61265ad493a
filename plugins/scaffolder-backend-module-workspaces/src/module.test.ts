import request from 'supertest';
import {
  APP_BASE_URL,
  BackendWithWorkspaces,
  NAMESPACE,
  PROJECT,
  startBackendWithWorkspaces,
} from './__testUtils__/startBackendWithWorkspaces';

jest.setTimeout(180_000);

/**
 * The whole path a user's template run takes: the real scaffolder runs the
 * example template (examples/templates/ml-experiment-workspace) with this
 * module's actions, which call the real Workspaces backend on behalf of the
 * user who started the task, which runs the workspace on the local control
 * plane.
 */
describe('the example template on the scaffolder', () => {
  let backend: BackendWithWorkspaces;

  beforeAll(async () => {
    backend = await startBackendWithWorkspaces({ withScaffolder: true });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function runTemplate(user: string, values: Record<string, unknown>) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', backend.header(user))
      .send({
        templateRef: 'template:default/ml-experiment-workspace',
        values,
      });
    expect(created.status).toBe(201);
    const taskId = created.body.id;
    const deadline = Date.now() + 120_000;
    let task: any;
    while (Date.now() < deadline) {
      task = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', backend.header(user))
      ).body;
      if (task.status === 'completed' || task.status === 'failed') break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', backend.header(user));
    const log: string[] = events.body
      .filter((event: any) => event.type === 'log')
      .map((event: any) => event.body.message);
    // the template's output comes with the completion event
    const output = events.body.find((event: any) => event.type === 'completion')
      ?.body.output;
    return { task, log, output };
  }

  it('creates the workspace as the user and sees it Running', async () => {
    const { task, log, output } = await runTemplate('alice', {
      project: PROJECT,
      name: 'experiment-1',
      environment: 'jupyterlab',
      computePreset: 'cpu-small',
      dataSources: ['home'],
      start: true,
    });
    expect(task.status).toBe('completed');
    const workspaces = await request(backend.server)
      .get('/api/workspaces/workspaces')
      .query({ project: PROJECT, q: 'experiment-1' })
      .set('Authorization', backend.header('alice'));
    const [workspace] = workspaces.body.items;
    expect(workspace).toMatchObject({
      name: 'experiment-1',
      namespace: NAMESPACE,
      status: 'Running',
      createdBy: 'user:default/alice',
      dataSources: [{ id: 'home' }],
    });
    expect(output).toMatchObject({
      links: [
        {
          title: 'Open workspace',
          url: `${APP_BASE_URL}/workspaces/${workspace.id}`,
        },
      ],
      text: [
        {
          title: 'Workspace',
          content: `Workspace **experiment-1** is **Running** in namespace \`${NAMESPACE}\`.\n`,
        },
      ],
    });
    expect(log.join('\n')).toContain(
      'Workspace experiment-1 is Running (Ready): Running on node sim-',
    );
  });

  it('fails the task with the reason when the user is not assigned to the project', async () => {
    const { task, log } = await runTemplate('bob', {
      project: PROJECT,
      name: 'experiment-bob',
      environment: 'jupyterlab',
      computePreset: 'cpu-small',
    });
    expect(task.status).toBe('failed');
    expect(log.join('\n')).toContain(
      `No permission: You are not assigned to project ${PROJECT}`,
    );
  });

  it('fails the task naming the field of an invalid choice', async () => {
    const { task, log } = await runTemplate('alice', {
      project: PROJECT,
      name: 'experiment-2',
      environment: 'jupyterlab',
      computePreset: 'gpu-8',
    });
    expect(task.status).toBe('failed');
    expect(log.join('\n')).toContain(
      "Invalid input computePreset: 'gpu-8' is not a compute preset available to",
    );
  });
});
