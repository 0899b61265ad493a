import { useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { useState } from 'react';
import { workspacesApiRef } from '../api';
import { describeError } from '../components/describeError';

/**
 * A keep-alive of a workspace (of its run's automatic stops, or of a
 * stopped one's dormancy clock): the call, whether it runs, and its error.
 */
export function useKeepAlive(
  workspace: Workspace,
  onChanged: (workspace: Workspace) => void,
) {
  const workspacesApi = useApi(workspacesApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const keepAlive = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await workspacesApi.keepAlive(workspace.id));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return { keepAlive, busy, error };
}
