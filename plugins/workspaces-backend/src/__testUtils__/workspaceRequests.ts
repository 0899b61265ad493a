import request from 'supertest';

/** A valid create request for the vision project, with the given changes. */
export function createBody(changes: Record<string, unknown> = {}) {
  return {
    project: 'system:default/vision',
    name: 'notebook',
    environment: 'jupyterlab',
    compute: { preset: 'cpu-small' },
    dataSources: [{ id: 'home', size: '20Gi' }],
    env: [
      { name: 'MLFLOW_URL', value: 'http://mlflow' },
      { name: 'API_TOKEN', value: 's3cr3t-value', secret: true },
    ],
    ...changes,
  };
}

type Server = Parameters<typeof request>[0];

export async function createWorkspace(
  server: Server,
  authorization: string,
  changes: Record<string, unknown> = {},
) {
  const response = await request(server)
    .post('/api/workspaces/workspaces')
    .set('Authorization', authorization)
    .send(createBody(changes));
  if (response.status !== 201) {
    throw new Error(
      `create failed: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** Polls a workspace until it has `status`; returns it then. */
export async function waitForStatus(
  server: Server,
  authorization: string,
  id: string,
  status: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (
      await request(server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', authorization)
    ).body;
    if (last.status === status) return last;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `workspace did not become ${status}; last: ${JSON.stringify(last)}`,
  );
}
