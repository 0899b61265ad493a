import { useApi } from '@backstage/core-plugin-api';
import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../api';

function mergeById<T extends { id: string }>(lists: T[][]): T[] {
  const byId = new Map<string, T>();
  lists.flat().forEach(item => byId.set(item.id, item));
  return [...byId.values()];
}

/**
 * The building blocks of the given projects, merged, hidden environments
 * included: enough to show the tools and data sources of any of their
 * workspaces.
 */
export function useBuildingBlocks(projects: string[]) {
  const workspacesApi = useApi(workspacesApiRef);
  const key = [...new Set(projects)].sort().join('\n');
  return useAsync(async (): Promise<WorkspaceBuildingBlocks> => {
    const all = await Promise.all(
      (key ? key.split('\n') : []).map(project =>
        workspacesApi.getBuildingBlocks({ project, includeHidden: true }),
      ),
    );
    return {
      environments: mergeById(all.map(blocks => blocks.environments)),
      computePresets: mergeById(all.map(blocks => blocks.computePresets)),
      dataSources: mergeById(all.map(blocks => blocks.dataSources)),
    };
  }, [workspacesApi, key]);
}
