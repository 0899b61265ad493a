import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Route, Routes } from 'react-router-dom';
import { NoClusterWarning } from '../NoClusterWarning';
import { WorkspaceDetailsPage } from '../WorkspaceDetailsPage';
import { NoWorkspaces, WorkspacesView } from '../WorkspacesView';
import { useAssignedProjects } from './useAssignedProjects';

const NOT_ASSIGNED =
  "You are not assigned to any project. Workspaces run in projects: catalog entities with the annotation backstage.io/kubernetes-namespace. Ask a project's owner to add you, or your group, to the annotation workspaces.backstage.io/members.";

function AllWorkspaces() {
  const { value: projects, loading, error } = useAssignedProjects();
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const choices = (projects ?? []).map(entity => ({
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
  }));
  return (
    <WorkspacesView
      projects={choices}
      empty={
        <NoWorkspaces
          description={
            choices.length === 0
              ? NOT_ASSIGNED
              : `Create one in ${choices
                  .map(c => c.title)
                  .join(
                    ', ',
                  )}: a container with JupyterLab or VS Code, data volumes and CPU/GPU resources.`
          }
        />
      }
    />
  );
}

/**
 * All workspaces of all projects the user is assigned to, and under it the
 * details page of each workspace. @public
 */
export function WorkspacesPage() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Page themeId="tool">
            <Header
              title="Workspaces"
              subtitle="Work environments for data science in your projects"
            />
            <Content>
              <NoClusterWarning />
              <AllWorkspaces />
            </Content>
          </Page>
        }
      />
      <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
    </Routes>
  );
}
