import {
  Content,
  Header,
  Page,
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
  // the grid loads at once; the projects are for Create and the empty state
  const { value: projects, error } = useAssignedProjects();
  const choices = projects?.map(entity => ({
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
  }));
  let description = 'Loading your projects…';
  if (choices?.length === 0) {
    description = NOT_ASSIGNED;
  } else if (choices) {
    description = `Create one in ${choices
      .map(c => c.title)
      .join(
        ', ',
      )}: a container with JupyterLab or VS Code, data volumes and CPU/GPU resources.`;
  }
  return (
    <>
      {error && <ResponseErrorPanel error={error} />}
      <WorkspacesView
        projects={error ? [] : choices}
        empty={<NoWorkspaces description={description} />}
      />
    </>
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
