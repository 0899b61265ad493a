import { Content, EmptyState } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isWorkspacesProject } from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { BuildingBlocksOverview } from '../BuildingBlocksOverview';
import { NoClusterWarning } from '../NoClusterWarning';
import { ProjectSummaryStrip } from '../ProjectSummaryStrip';
import { useWorkspacesTranslation } from '../../translation';
import { NoWorkspaces, WorkspacesView } from '../WorkspacesView';

function ProjectBuildingBlocks(props: { project: string }) {
  const workspacesApi = useApi(workspacesApiRef);
  const { value } = useAsync(
    () => workspacesApi.getBuildingBlocks({ project: props.project }),
    [workspacesApi, props.project],
  );
  return value ? <BuildingBlocksOverview blocks={value} /> : null;
}

/** The Workspaces tab of a project entity. @public */
export function EntityWorkspacesContent() {
  const { entity } = useEntity();
  const project = stringifyEntityRef(entity);
  const { t } = useWorkspacesTranslation();

  if (!isWorkspacesProject(entity)) {
    return (
      <EmptyState
        missing="field"
        title={t('entityContent.notAProject')}
        description={t('entityContent.notAProjectHelp')}
      />
    );
  }
  return (
    <Content noPadding>
      <NoClusterWarning />
      <WorkspacesView
        project={project}
        projects={[
          {
            ref: project,
            title: entity.metadata.title ?? entity.metadata.name,
          },
        ]}
        header={<ProjectSummaryStrip project={project} />}
        empty={
          <>
            <NoWorkspaces description={t('entityContent.empty')} />
            <ProjectBuildingBlocks project={project} />
          </>
        }
      />
    </Content>
  );
}
