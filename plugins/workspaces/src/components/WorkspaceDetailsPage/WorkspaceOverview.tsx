import {
  CodeSnippet,
  InfoCard,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi, discoveryApiRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceRun,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { useWorkspacesTranslation } from '../../translation';
import { WorkspaceExplanationPanel } from '../WorkspaceExplanation';
import { describeResources } from '../format';
import { createCallOf } from './createCall';
import { RunsTable } from './RunsTable';
import { StatusTimeline } from './StatusTimeline';

function Spec(props: {
  workspace: Workspace;
  blocks: WorkspaceBuildingBlocks;
}) {
  const { workspace, blocks } = props;
  const { t } = useWorkspacesTranslation();
  const environment = blocks.environments.find(
    e => e.id === workspace.environment,
  );
  const preset = blocks.computePresets.find(
    p => p.id === workspace.compute.preset,
  );
  return (
    <InfoCard title={t('details.spec.title')}>
      <StructuredMetadataTable
        metadata={{
          [t('details.spec.project')]: (
            <EntityRefLink entityRef={workspace.project} />
          ),
          [t('details.spec.environment')]: environment
            ? t('details.spec.environmentValue', {
                title: environment.title,
                image: environment.image,
              })
            : workspace.environment,
          [t('details.spec.compute')]: t('details.spec.computeValue', {
            preset: preset?.title ?? workspace.compute.preset,
            resources: describeResources(workspace.resources, t),
          }),
          [t('details.spec.data')]: workspace.dataSources.length
            ? workspace.dataSources.map(choice => {
                const source = blocks.dataSources.find(s => s.id === choice.id);
                const title = source?.title ?? choice.id;
                const sized = choice.size
                  ? t('details.spec.dataSize', { title, size: choice.size })
                  : title;
                return source
                  ? t('details.spec.dataAt', {
                      title: sized,
                      mountPath: source.mountPath,
                    })
                  : sized;
              })
            : t('common.none'),
          [t('details.spec.variables')]: workspace.env.length
            ? workspace.env.map(
                v =>
                  `${v.name}=${
                    v.secret ? t('details.spec.secretValue') : v.value
                  }`,
              )
            : t('common.none'),
          [t('details.spec.createdBy')]: (
            <EntityRefLink entityRef={workspace.createdBy} />
          ),
          [t('details.spec.created')]: new Date(
            workspace.createdAt,
          ).toLocaleString(),
          [t('details.spec.lastActivity')]: workspace.lastActivityAt
            ? new Date(workspace.lastActivityAt).toLocaleString()
            : t('details.spec.noActivity'),
          [t('details.spec.revision')]: workspace.revision,
        }}
      />
    </InfoCard>
  );
}

function KubernetesObjects(props: { workspace: Workspace; podName?: string }) {
  const { workspace, podName } = props;
  const { t } = useWorkspacesTranslation();
  return (
    <InfoCard title={t('details.objects.title')}>
      <StructuredMetadataTable
        metadata={{
          [t('details.objects.cluster')]:
            workspace.cluster ?? t('details.objects.defaultCluster'),
          [t('details.objects.namespace')]: workspace.namespace,
          [t(
            'details.objects.labelSelector',
          )]: `workspaces.backstage.io/workspace-id=${workspace.id}`,
          [t('details.objects.currentPod')]: podName ?? t('common.none'),
        }}
      />
      <Typography variant="body2" color="textSecondary">
        {t('details.objects.note')}
      </Typography>
    </InfoCard>
  );
}

function CreateCall(props: { workspace: Workspace }) {
  const discoveryApi = useApi(discoveryApiRef);
  const { t } = useWorkspacesTranslation();
  const { value: baseUrl } = useAsync(
    () => discoveryApi.getBaseUrl('workspaces'),
    [discoveryApi],
  );
  return (
    <InfoCard title={t('details.api.title')}>
      <Typography variant="body2" gutterBottom>
        {t('details.api.intro')}
      </Typography>
      {/* plain text: the highlighter's light colours (e.g. its green strings
          on its background, 3.75:1) are below the contrast text needs */}
      <CodeSnippet
        language="text"
        text={createCallOf(props.workspace, baseUrl ?? '/api/workspaces')}
        showCopyCodeButton
      />
    </InfoCard>
  );
}

/**
 * The Overview tab: why the status (unless Running), spec, status timeline
 * with the events that explain it, runs, objects and API call.
 */
export function WorkspaceOverview(props: {
  workspace: Workspace;
  blocks: WorkspaceBuildingBlocks;
  runs: WorkspaceRun[];
  events: WorkspaceStatusEvent[];
}) {
  const { workspace, blocks, runs, events } = props;
  const openRun = runs.find(run => !run.endedAt);
  const workspacesApi = useApi(workspacesApiRef);
  // the events that explain status changes; without them (e.g. no runtime
  // here) the timeline shows the status changes alone
  const { value: kubernetesEvents } = useAsync(
    () => workspacesApi.listKubernetesEvents(workspace.id).catch(() => []),
    [workspacesApi, workspace.id, workspace.status],
  );
  return (
    <>
      <WorkspaceExplanationPanel workspace={workspace} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <Spec workspace={workspace} blocks={blocks} />
        </Grid>
        <Grid item xs={12} md={6}>
          <StatusTimeline events={events} kubernetesEvents={kubernetesEvents} />
        </Grid>
        <Grid item xs={12}>
          <RunsTable runs={runs} />
        </Grid>
        <Grid item xs={12} md={6}>
          <KubernetesObjects workspace={workspace} podName={openRun?.podName} />
        </Grid>
        <Grid item xs={12} md={6}>
          <CreateCall workspace={workspace} />
        </Grid>
      </Grid>
    </>
  );
}
