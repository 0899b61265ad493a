import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isWorkspacesProject } from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { BuildingBlocksOverview } from '../BuildingBlocksOverview';
import { NoClusterWarning } from '../NoClusterWarning';
import { WorkspacesTable } from '../WorkspacesTable';

/** The Workspaces tab of a project entity. @public */
export function EntityWorkspacesContent() {
  const { entity } = useEntity();
  const workspacesApi = useApi(workspacesApiRef);
  const projectRef = stringifyEntityRef(entity);
  const isProject = isWorkspacesProject(entity);
  const { value, loading, error } = useAsync(async () => {
    if (!isProject) {
      return undefined;
    }
    const [blocks, page] = await Promise.all([
      workspacesApi.getBuildingBlocks({ project: projectRef }),
      workspacesApi.listWorkspaces({ project: projectRef, limit: 200 }),
    ]);
    return { blocks, workspaces: page.items };
  }, [workspacesApi, projectRef, isProject]);

  if (!isProject) {
    return (
      <EmptyState
        missing="field"
        title="This entity is not a workspaces project"
        description="Add the annotation backstage.io/kubernetes-namespace to the entity to run workspaces in that namespace."
      />
    );
  }
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Content noPadding>
      <NoClusterWarning />
      <ContentHeader
        title={`Workspaces of ${entity.metadata.title ?? entity.metadata.name}`}
      />
      {value && value.workspaces.length > 0 ? (
        <WorkspacesTable workspaces={value.workspaces} />
      ) : (
        <EmptyState
          missing="data"
          title="No workspaces in this project yet"
          description="A workspace is a container with tools such as JupyterLab or VS Code, data volumes and CPU/GPU resources, running in this project's namespace. These are the building blocks it can be made of."
        />
      )}
      {value && <BuildingBlocksOverview blocks={value.blocks} />}
    </Content>
  );
}
