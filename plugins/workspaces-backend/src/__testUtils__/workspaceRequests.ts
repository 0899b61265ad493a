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
