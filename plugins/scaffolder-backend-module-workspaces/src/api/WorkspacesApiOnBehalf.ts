import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { WorkspacesApiClient } from '@backstage-workspaces/plugin-workspaces-common';
import { readApiResponse } from './readApiResponse';

type TypedResponse<T> = Omit<Response, 'json'> & { json(): Promise<T> };

/**
 * The Workspaces API (its generated client), called on behalf of the user
 * running the template: the backend applies their permissions and its own
 * validation, not the scaffolder's.
 */
export class WorkspacesApiOnBehalf {
  private readonly client: WorkspacesApiClient;

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {
    this.client = new WorkspacesApiClient({ discoveryApi: options.discovery });
  }

  /**
   * Sends one request with a token for the user and returns the body, or
   * throws an error whose message names the action input that was wrong
   * (`fieldNames` maps API fields to action inputs).
   */
  async call<T>(
    ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
    send: (
      client: WorkspacesApiClient,
      options: { token: string },
    ) => Promise<TypedResponse<T>>,
    fieldNames: Record<string, string> = {},
  ): Promise<T> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'workspaces',
    });
    const response = await send(this.client, { token });
    return (await readApiResponse(response as Response, fieldNames)) as T;
  }
}
