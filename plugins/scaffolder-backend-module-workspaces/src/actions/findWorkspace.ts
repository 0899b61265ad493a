import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesApiOnBehalf } from '../api/WorkspacesApiOnBehalf';

/** How the start and stop actions name a workspace. */
export interface WorkspaceSelector {
  workspaceId?: string;
  project?: string;
  name?: string;
}

/**
 * The workspace named by its id, or by its project and name, among those the
 * user may see.
 */
export async function findWorkspace(
  api: WorkspacesApiOnBehalf,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  selector: WorkspaceSelector,
): Promise<Workspace> {
  if (selector.workspaceId) {
    return api.call(
      ctx,
      (client, o) =>
        client.getWorkspace(
          { path: { workspaceId: selector.workspaceId! } },
          o,
        ),
      {},
    );
  }
  if (!selector.project || !selector.name) {
    throw new InputError(
      'Invalid input workspaceId: give the id of the workspace, or its project and name',
    );
  }
  const page = await api.call(
    ctx,
    (client, o) =>
      client.listWorkspaces(
        {
          query: { project: selector.project, q: selector.name, limit: '200' },
        },
        o,
      ),
    { project: 'project', q: 'name' },
  );
  const found = page.items.find(item => item.name === selector.name);
  if (!found) {
    throw new NotFoundError(
      `No workspace named '${selector.name}' in ${selector.project} that you may see`,
    );
  }
  return found;
}
