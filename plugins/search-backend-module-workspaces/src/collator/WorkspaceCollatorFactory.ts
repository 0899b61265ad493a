import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  WORKSPACE_SEARCH_DOCUMENT_TYPE,
  WORKSPACES_PLUGIN_ID,
  workspaceReadPermission,
  WorkspacesApiClient,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Readable } from 'stream';
import {
  toWorkspaceSearchDocument,
  WorkspaceIndexableDocument,
} from './toWorkspaceSearchDocument';

/** How many workspaces each request to the Workspaces backend asks for. */
const PAGE_SIZE = 200;

/**
 * Collates every workspace for Backstage's search, read a page at a time
 * from the Workspaces backend's indexing route with the search plugin's own
 * service token. Each document names its workspace as the resource of
 * `workspace.read`, the visibility permission, so the search backend shows a
 * result only to readers who may read that workspace.
 */
export class WorkspaceCollatorFactory implements DocumentCollatorFactory {
  readonly type = WORKSPACE_SEARCH_DOCUMENT_TYPE;
  readonly visibilityPermission = workspaceReadPermission;
  private readonly client: WorkspacesApiClient;

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** The details page, with `:id` for the workspace's id. */
      locationTemplate: string;
    },
  ) {
    this.client = new WorkspacesApiClient({ discoveryApi: options.discovery });
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<WorkspaceIndexableDocument> {
    const { auth, locationTemplate } = this.options;
    let cursor: string | undefined;
    do {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: WORKSPACES_PLUGIN_ID,
      });
      const response = await this.client.listWorkspacesForSearch(
        { query: { limit: String(PAGE_SIZE), cursor } },
        { token },
      );
      if (!response.ok) {
        throw await ResponseError.fromResponse(response as Response);
      }
      const page = await response.json();
      for (const entry of page.items) {
        yield toWorkspaceSearchDocument(entry, { locationTemplate });
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
}
