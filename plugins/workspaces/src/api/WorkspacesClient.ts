import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateWorkspaceRequest,
  ProjectQuota,
  ProjectSummary,
  ToolConnection,
  UpdateWorkspaceRequest,
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspacePage,
  WorkspaceRun,
  WorkspacesApiClient,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import { ListWorkspacesOptions, WorkspacesApi } from './WorkspacesApi';

async function read<T>(
  response: Omit<Response, 'json'> & { json(): Promise<T> },
): Promise<T> {
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}

/**
 * Talks to the Workspaces backend with the signed-in user's token, through
 * the client generated from the backend's OpenAPI contract.
 * @public
 */
export class WorkspacesClient implements WorkspacesApi {
  private readonly client: WorkspacesApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new WorkspacesApiClient(options);
  }

  async getBuildingBlocks(
    options: { project?: string } = {},
  ): Promise<WorkspaceBuildingBlocks> {
    return read(
      await this.client.getBuildingBlocks({
        query: { project: options.project },
      }),
    );
  }

  async listWorkspaces(
    options: ListWorkspacesOptions = {},
  ): Promise<WorkspacePage> {
    const { limit, ...query } = options;
    return read(
      await this.client.listWorkspaces({
        query: {
          ...query,
          limit: limit === undefined ? undefined : `${limit}`,
        },
      }),
    );
  }

  async getClusters(): Promise<Array<{ name: string }>> {
    return (await read(await this.client.listClusters({}))).items;
  }

  async getWorkspace(workspaceId: string): Promise<Workspace> {
    return read(await this.client.getWorkspace({ path: { workspaceId } }));
  }

  async createWorkspace(request: CreateWorkspaceRequest): Promise<Workspace> {
    return read(await this.client.createWorkspace({ body: request }));
  }

  async updateWorkspace(
    workspaceId: string,
    request: UpdateWorkspaceRequest,
  ): Promise<Workspace> {
    return read(
      await this.client.updateWorkspace({
        path: { workspaceId },
        body: request,
      }),
    );
  }

  async startWorkspace(workspaceId: string): Promise<Workspace> {
    return read(await this.client.startWorkspace({ path: { workspaceId } }));
  }

  async stopWorkspace(workspaceId: string): Promise<Workspace> {
    return read(await this.client.stopWorkspace({ path: { workspaceId } }));
  }

  async deleteWorkspace(workspaceId: string): Promise<Workspace> {
    return read(await this.client.deleteWorkspace({ path: { workspaceId } }));
  }

  async listRuns(workspaceId: string): Promise<WorkspaceRun[]> {
    const page = await read(
      await this.client.listWorkspaceRuns({ path: { workspaceId } }),
    );
    return page.items;
  }

  async listEvents(workspaceId: string): Promise<WorkspaceStatusEvent[]> {
    const page = await read(
      await this.client.listWorkspaceEvents({ path: { workspaceId } }),
    );
    return page.items;
  }

  async getProjectSummary(project: string): Promise<ProjectSummary> {
    return read(await this.client.getProjectSummary({ query: { project } }));
  }

  async keepAlive(workspaceId: string): Promise<Workspace> {
    return read(
      await this.client.keepWorkspaceAlive({ path: { workspaceId } }),
    );
  }

  async getProjectQuota(project: string): Promise<ProjectQuota> {
    return read(await this.client.getProjectQuota({ query: { project } }));
  }

  async connectTool(
    workspaceId: string,
    toolId: string,
  ): Promise<ToolConnection> {
    return read(
      await this.client.connectWorkspaceTool({
        path: { workspaceId, tool: toolId },
      }),
    );
  }
}
