import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  Workspace,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether the user may stop workspaces that others created (an admin, or
 * whom a policy lets): the permission framework answers only per workspace,
 * so one workspace of someone else per project stands for the project. The
 * backend still decides each stop.
 */
export function useCanStopOthers(workspaces: Workspace[]): boolean {
  const identityApi = useApi(identityApiRef);
  const permissionApi = useApi(permissionApiRef);
  const key = workspaces.map(w => `${w.id} ${w.createdBy}`).join('\n');

  const { value } = useAsync(async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const samples = new Map<string, string>();
    for (const workspace of workspaces) {
      if (
        workspace.createdBy !== userEntityRef &&
        !samples.has(workspace.project)
      ) {
        samples.set(workspace.project, workspace.id);
      }
    }
    const decisions = await Promise.all(
      [...samples.values()].map(resourceRef =>
        permissionApi.authorize({
          permission: workspaceUpdatePermission,
          resourceRef,
        }),
      ),
    );
    return decisions.some(
      decision => decision.result === AuthorizeResult.ALLOW,
    );
    // the workspaces and their creators, not the array's identity
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identityApi, permissionApi, key]);
  return value ?? false;
}
