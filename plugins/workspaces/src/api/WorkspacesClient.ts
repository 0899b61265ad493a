import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  WorkspaceBuildingBlocks,
  WorkspacePage,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesApi } from './WorkspacesApi';

/** Talks to the Workspaces backend with the signed-in user's token. @public */
export class WorkspacesClient implements WorkspacesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getBuildingBlocks(
    options: { project?: string } = {},
  ): Promise<WorkspaceBuildingBlocks> {
    const query = options.project
      ? `?${new URLSearchParams({ project: options.project })}`
      : '';
    return this.get(`/building-blocks${query}`);
  }

  async listWorkspaces(
    options: { project?: string; limit?: number } = {},
  ): Promise<WorkspacePage> {
    const query = new URLSearchParams();
    if (options.project) query.set('project', options.project);
    if (options.limit) query.set('limit', String(options.limit));
    return this.get(`/workspaces?${query}`);
  }

  async getClusters(): Promise<Array<{ name: string }>> {
    const { items } = await this.get<{ items: Array<{ name: string }> }>(
      '/clusters',
    );
    return items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('workspaces');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
