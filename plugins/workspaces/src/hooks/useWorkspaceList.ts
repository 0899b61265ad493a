import { useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { useCallback, useEffect, useState } from 'react';
import { workspacesApiRef } from '../api';
import { useWorkspaceChanges } from './useWorkspaceChanges';

/** The most workspaces the grid loads, in pages of 200. */
export const GRID_LIMIT = 1000;

/**
 * The workspaces of a project, or of every project the user may see, kept
 * current: reloaded when one of them changes. The last good list stays on
 * screen while a reload runs or fails.
 */
export function useWorkspaceList(project?: string) {
  const workspacesApi = useApi(workspacesApiRef);
  const [state, setState] = useState<{
    workspaces?: Workspace[];
    error?: Error;
    truncated: boolean;
  }>({ truncated: false });

  const load = useCallback(async () => {
    try {
      const workspaces: Workspace[] = [];
      let cursor: string | undefined;
      do {
        const page = await workspacesApi.listWorkspaces({
          project,
          limit: 200,
          cursor,
        });
        workspaces.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && workspaces.length < GRID_LIMIT);
      setState({ workspaces, truncated: Boolean(cursor) });
    } catch (error) {
      setState(previous => ({ ...previous, error: error as Error }));
    }
  }, [workspacesApi, project]);

  useEffect(() => {
    setState({ truncated: false });
    load();
  }, [load]);

  useWorkspaceChanges(load, signal => !project || signal.project === project);

  return {
    ...state,
    loading: !state.workspaces && !state.error,
    reload: load,
  };
}
