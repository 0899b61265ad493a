import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { workspacesApiRef } from '../../api';
import { useWorkspaceChanges } from '../../hooks/useWorkspaceChanges';

/** A workspace with its runs, status events and building blocks, kept live. */
export function useWorkspaceDetails(workspaceId: string) {
  const workspacesApi = useApi(workspacesApiRef);
  const details = useAsyncRetry(async () => {
    const [workspace, runs, events] = await Promise.all([
      workspacesApi.getWorkspace(workspaceId),
      workspacesApi.listRuns(workspaceId),
      workspacesApi.listEvents(workspaceId),
    ]);
    const blocks = await workspacesApi.getBuildingBlocks({
      project: workspace.project,
      includeHidden: true,
    });
    return { workspace, runs, events, blocks };
  }, [workspacesApi, workspaceId]);
  useWorkspaceChanges(
    details.retry,
    signal => signal.workspaceId === workspaceId,
  );
  return details;
}
