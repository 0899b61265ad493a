import { useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ListWorkspacesOptions, workspacesApiRef } from '../api';
import { useWorkspaceChanges } from './useWorkspaceChanges';

/** The most workspaces the grid loads, in pages of 200. */
export const GRID_LIMIT = 1000;

/** What the grid filters and sorts by; the backend does both, in SQL. */
export type WorkspaceListQuery = Pick<
  ListWorkspacesOptions,
  | 'project'
  | 'status'
  | 'createdBy'
  | 'minGpus'
  | 'node'
  | 'dormant'
  | 'sort'
  | 'order'
>;

/**
 * The workspaces of a project, or of every project the user may see, as
 * `query` filters and sorts them, kept current: reloaded when one of them
 * changes. The last good list stays on screen while a reload runs or fails,
 * and an answer to an older query never replaces a newer one.
 */
export function useWorkspaceList(
  project?: string,
  query: WorkspaceListQuery = {},
) {
  const workspacesApi = useApi(workspacesApiRef);
  const [state, setState] = useState<{
    workspaces?: Workspace[];
    error?: Error;
    truncated: boolean;
  }>({ truncated: false });
  const latest = useRef(0);
  const { status, createdBy, minGpus, node, dormant, sort, order } = query;
  const listProject = project ?? query.project;

  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const workspaces: Workspace[] = [];
      let cursor: string | undefined;
      do {
        const page = await workspacesApi.listWorkspaces({
          project: listProject,
          ...(status && { status }),
          ...(createdBy && { createdBy }),
          ...(minGpus !== undefined && { minGpus }),
          ...(node && { node }),
          ...(dormant !== undefined && { dormant }),
          ...(sort && { sort, order }),
          limit: 200,
          cursor,
        });
        workspaces.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && workspaces.length < GRID_LIMIT);
      if (request === latest.current) {
        setState({ workspaces, truncated: Boolean(cursor) });
      }
    } catch (error) {
      if (request === latest.current) {
        setState(previous => ({ ...previous, error: error as Error }));
      }
    }
  }, [
    workspacesApi,
    listProject,
    status,
    createdBy,
    minGpus,
    node,
    dormant,
    sort,
    order,
  ]);

  useEffect(() => {
    load();
  }, [load]);

  useEffect(() => {
    setState({ truncated: false });
  }, [project]);

  useWorkspaceChanges(load, signal => !project || signal.project === project);

  return {
    ...state,
    loading: !state.workspaces && !state.error,
    reload: load,
  };
}
