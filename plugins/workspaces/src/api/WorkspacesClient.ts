import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateWorkspaceRequest,
  KubernetesEvent,
  ProjectQuota,
  ProjectSummary,
  ToolConnection,
  UpdateWorkspaceRequest,
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceExplanation,
  WorkspaceObject,
  WorkspacePage,
  WorkspaceRun,
  WorkspacesApiClient,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  ListWorkspacesOptions,
  WorkspaceLogsOptions,
  WorkspacesApi,
} from './WorkspacesApi';

function logsQuery(options: WorkspaceLogsOptions) {
  const string = (value?: number) =>
    value === undefined ? undefined : `${value}`;
  return {
    container: options.container,
    tail: string(options.tail),
    sinceSeconds: string(options.sinceSeconds),
    previous: options.previous ? ('true' as const) : undefined,
  };
}

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

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {
    this.client = new WorkspacesApiClient(options);
  }

  async getBuildingBlocks(
    options: { project?: string; includeHidden?: boolean } = {},
  ): Promise<WorkspaceBuildingBlocks> {
    return read(
      await this.client.getBuildingBlocks({
        query: {
          project: options.project,
          ...(options.includeHidden && { includeHidden: 'true' }),
        },
      }),
    );
  }

  async listWorkspaces(
    options: ListWorkspacesOptions = {},
  ): Promise<WorkspacePage> {
    const { limit, minGpus, dormant, ...query } = options;
    return read(
      await this.client.listWorkspaces({
        query: {
          ...query,
          limit: limit === undefined ? undefined : `${limit}`,
          minGpus: minGpus === undefined ? undefined : `${minGpus}`,
          dormant: dormant === undefined ? undefined : `${dormant}`,
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

  async getLogs(
    workspaceId: string,
    options: WorkspaceLogsOptions = {},
  ): Promise<string> {
    const response = await this.client.readWorkspaceLogs({
      path: { workspaceId },
      query: logsQuery(options),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as unknown as Response);
    }
    return response.text();
  }

  async *followLogs(
    workspaceId: string,
    options: WorkspaceLogsOptions & { signal?: AbortSignal } = {},
  ): AsyncGenerator<string> {
    // the generated client takes no signal: the follow stream is fetched here
    const baseUrl = await this.options.discoveryApi.getBaseUrl('workspaces');
    const query = new URLSearchParams({ follow: 'true' });
    for (const [key, value] of Object.entries(logsQuery(options))) {
      if (value !== undefined) query.set(key, value);
    }
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/workspaces/${encodeURIComponent(workspaceId)}/logs?${query}`,
      { signal: options.signal },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield decoder.decode(value, { stream: true });
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      reader.releaseLock();
    }
  }

  async listKubernetesEvents(workspaceId: string): Promise<KubernetesEvent[]> {
    const page = await read(
      await this.client.listWorkspaceKubernetesEvents({
        path: { workspaceId },
      }),
    );
    return page.items;
  }

  async listObjects(workspaceId: string): Promise<WorkspaceObject[]> {
    const page = await read(
      await this.client.listWorkspaceObjects({ path: { workspaceId } }),
    );
    return page.items;
  }

  async getExplanation(workspaceId: string): Promise<WorkspaceExplanation> {
    return read(
      await this.client.getWorkspaceExplanation({ path: { workspaceId } }),
    );
  }
}
