import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { workspacesApiRef } from '../../api';
import { useWorkspaceChanges } from '../../hooks/useWorkspaceChanges';

/** How many of the most recently changed workspaces the card shows. */
export const RECENT_COUNT = 3;

/**
 * What the project overview card shows, kept live like the Workspaces tab:
 * the project's summary, its quota (undefined where it cannot be read, e.g.
 * without a cluster) and its most recently changed workspaces. The last
 * value stays while a reload runs.
 */
export function useProjectOverview(project: string) {
  const workspacesApi = useApi(workspacesApiRef);
  const state = useAsyncRetry(async () => {
    const [summary, quota, recent] = await Promise.all([
      workspacesApi.getProjectSummary(project),
      workspacesApi.getProjectQuota(project).catch(() => undefined),
      workspacesApi.listWorkspaces({
        project,
        sort: 'updatedAt',
        order: 'desc',
        limit: RECENT_COUNT,
      }),
    ]);
    return { summary, quota, recent: recent.items };
  }, [workspacesApi, project]);
  useWorkspaceChanges(state.retry, signal => signal.project === project);
  return state;
}
