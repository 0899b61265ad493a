import { getKubeLocal } from '@internal/kube-local';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import {
  ShippedBackend,
  startShippedBackend,
} from '../__testUtils__/backendProcess/startShippedBackend';
import {
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import { waitUntil } from '../__testUtils__/waitUntil';
import { writeProjectCatalog } from '../__testUtils__/projectCatalog';

/*
 * The workspace actions driven by an MCP client (the MCP SDK's, as an AI
 * assistant's) through the MCP actions backend of the shipped backend
 * (packages/backend) in a child process: the real auth and permission
 * backends, and a workspace runtime on the test control plane. alice is in
 * ml-team, which owns this test's project; bob is not a member.
 */

jest.setTimeout(300_000);

const packageFile = (path: string) =>
  resolvePackagePath('@backstage-workspaces/plugin-workspaces-backend', path);

const NAMESPACE = 'mcp-actions';
const PROJECT = `system:default/${NAMESPACE}`;

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
};

/** The text the tool answered, and its JSON when it is JSON. */
function textOf(result: ToolResult): string {
  return result.content
    .map(part => (part.type === 'text' ? part.text : ''))
    .join('');
}

describe('workspace actions over MCP against the shipped backend', () => {
  const kube = getKubeLocal();
  const suffix = Date.now().toString(36);
  let backend: ShippedBackend;
  const clients: Client[] = [];
  let workspaceId: string | undefined;
  let aliceToken: string;

  const connect = async (token: string) => {
    const client = new Client({ name: 'workspaces-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${backend.baseUrl}/api/mcp-actions/v1`),
        { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
      ),
    );
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const pluginToken = await prepareTestCluster(kube, [NAMESPACE]);
    const { workspaces, kubernetes } = runtimeTestConfig(kube, pluginToken);
    backend = await startShippedBackend({
      database: 'SQLITE_3',
      catalogFiles: [
        packageFile('src/__testUtils__/catalog.yaml'),
        packageFile('src/__testUtils__/org.yaml'),
        writeProjectCatalog(NAMESPACE, 'group:default/ml-team'),
      ],
      workspaces,
      kubernetes,
      guest: {
        userEntityRef: 'user:default/ghost',
        ownershipEntityRefs: ['user:default/ghost'],
      },
      async ready(b) {
        const token = await b.signIn('alice');
        const blocks = await fetch(
          `${b.baseUrl}/api/workspaces/building-blocks?project=${PROJECT}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return blocks.status === 200;
      },
    });
    aliceToken = await backend.signIn('alice');
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    if (workspaceId) {
      await request(backend.baseUrl)
        .delete(`/api/workspaces/workspaces/${workspaceId}`)
        .set('Authorization', `Bearer ${aliceToken}`);
    }
    await backend?.stop();
  });

  it('lists the workspace actions as tools with their input schemas', async () => {
    const alice = await connect(aliceToken);
    const { tools } = await alice.listTools();
    expect(tools.map(tool => tool.name).sort()).toEqual([
      'workspaces.create-workspace',
      'workspaces.get-workspace',
      'workspaces.keep-workspace-alive',
      'workspaces.list-building-blocks',
      'workspaces.list-my-workspaces',
      'workspaces.start-workspace',
      'workspaces.stop-workspace',
    ]);
    const create = tools.find(
      tool => tool.name === 'workspaces.create-workspace',
    )!;
    expect(create.inputSchema.required).toEqual([
      'project',
      'name',
      'environment',
      'computePreset',
    ]);
  });

  it("creates and starts a member's workspace, Running through REST; another user is refused", async () => {
    const alice = await connect(aliceToken);
    const created = (await alice.callTool({
      name: 'workspaces.create-workspace',
      arguments: {
        project: PROJECT,
        name: `mcp-${suffix}`,
        environment: 'jupyterlab',
        computePreset: 'cpu-small',
      },
    })) as ToolResult;
    expect(created.isError).toBeFalsy();
    const workspace = JSON.parse(textOf(created)).workspace;
    workspaceId = workspace.id;
    expect(workspace).toMatchObject({
      project: PROJECT,
      createdBy: 'user:default/alice',
      desiredState: 'Running',
    });

    const running = await waitUntil(
      'the workspace to be Running',
      async () => {
        const { body } = await request(backend.baseUrl)
          .get(`/api/workspaces/workspaces/${workspace.id}`)
          .set('Authorization', `Bearer ${aliceToken}`);
        return { done: body.status === 'Running', value: body };
      },
      120_000,
    );
    expect(running.value.name).toBe(`mcp-${suffix}`);

    const got = (await alice.callTool({
      name: 'workspaces.get-workspace',
      arguments: { workspaceId: workspace.id },
    })) as ToolResult;
    expect(got.isError).toBeFalsy();
    expect(JSON.parse(textOf(got)).workspace.status).toBe('Running');

    const bob = await connect(await backend.signIn('bob'));
    for (const name of ['get-workspace', 'stop-workspace']) {
      const refused = (await bob.callTool({
        name: `workspaces.${name}`,
        arguments: { workspaceId: workspace.id },
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/^NotFoundError: /);
    }
    const after = await request(backend.baseUrl)
      .get(`/api/workspaces/workspaces/${workspace.id}`)
      .set('Authorization', `Bearer ${aliceToken}`);
    expect(after.body).toMatchObject({
      desiredState: 'Running',
      status: 'Running',
    });
  });

  it('answers bad input naming the field', async () => {
    const alice = await connect(aliceToken);
    const result = (await alice.callTool({
      name: 'workspaces.create-workspace',
      arguments: { project: PROJECT, name: 'no-preset', environment: 'x' },
    })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^InputError: .*"computePreset"/s);
  });
});
