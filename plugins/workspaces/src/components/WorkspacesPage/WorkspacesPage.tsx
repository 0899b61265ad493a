import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@backstage-workspaces/plugin-workspaces-common';
import { NoClusterWarning } from '../NoClusterWarning';
import { useAssignedProjects } from './useAssignedProjects';

const columns: TableColumn<Entity>[] = [
  {
    title: 'Project',
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  {
    title: 'Namespace',
    render: entity =>
      entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
  },
  { title: 'Description', render: entity => entity.metadata.description },
];

function AssignedProjects() {
  const { value: projects, loading, error } = useAssignedProjects();
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!projects || projects.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="You are not assigned to any project"
        description="Workspaces run in projects: catalog entities with the annotation backstage.io/kubernetes-namespace. Ask a project's owner to add you, or your group, to the annotation workspaces.backstage.io/members."
      />
    );
  }
  return (
    <Table<Entity>
      title="Your projects"
      options={{ paging: false, search: false }}
      columns={columns}
      data={projects}
    />
  );
}

/** All workspaces of all projects the user is assigned to. @public */
export function WorkspacesPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Workspaces"
        subtitle="Work environments for data science in your projects"
      />
      <Content>
        <NoClusterWarning />
        <ContentHeader title="Projects" />
        <AssignedProjects />
      </Content>
    </Page>
  );
}
