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
import { useWorkspacesTranslation } from '../../translation';
import { useAssignedProjects } from './useAssignedProjects';

function AllWorkspaces() {
  // the grid loads at once; the projects are for Create and the empty state
  const { value: projects, error } = useAssignedProjects();
  const { t } = useWorkspacesTranslation();
  const choices = projects?.map(entity => ({
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
  }));
  let description: string = t('common.loadingProjects');
  if (choices?.length === 0) {
    description = t('page.notAssigned');
  } else if (choices) {
    description = t('page.createIn', {
      projects: choices.map(c => c.title).join(', '),
    });
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
  const { t } = useWorkspacesTranslation();
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Page themeId="tool">
            <Header title={t('page.title')} subtitle={t('page.subtitle')} />
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
