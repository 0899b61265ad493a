import { useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { useState } from 'react';
import { workspacesApiRef } from '../../api';
import { describeError } from '../describeError';

/**
 * Updates a workspace to another environment through the ordinary update
 * (authorized and audited as any), keeping everything else and its volumes.
 */
export function useUpdateToReplacement(
  workspace: Workspace,
  onChanged: (workspace: Workspace) => void,
) {
  const workspacesApi = useApi(workspacesApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const update = async (environmentId: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(
        await workspacesApi.updateWorkspace(workspace.id, {
          revision: workspace.revision,
          environment: environmentId,
        }),
      );
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return { update, busy, error };
}
