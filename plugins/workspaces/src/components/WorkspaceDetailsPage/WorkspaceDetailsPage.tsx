import {
  CodeSnippet,
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi, discoveryApiRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Workspace,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { AutoStopBanner } from '../AutoStopBanner';
import { WorkspaceDialog } from '../CreateWorkspace';
import { describeResources } from '../format';
import { ToolLinks, WorkspaceActions } from '../WorkspaceActions';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { createCallOf } from './createCall';
import { RunsTable } from './RunsTable';
import { StatusTimeline } from './StatusTimeline';
import { useWorkspaceDetails } from './useWorkspaceDetails';

function Spec(props: {
  workspace: Workspace;
  blocks: WorkspaceBuildingBlocks;
}) {
  const { workspace, blocks } = props;
  const environment = blocks.environments.find(
    e => e.id === workspace.environment,
  );
  const preset = blocks.computePresets.find(
    p => p.id === workspace.compute.preset,
  );
  return (
    <InfoCard title="Specification">
      <StructuredMetadataTable
        metadata={{
          project: <EntityRefLink entityRef={workspace.project} />,
          environment: environment
            ? `${environment.title} (${environment.image})`
            : workspace.environment,
          compute: `${
            preset?.title ?? workspace.compute.preset
          }: ${describeResources(workspace.resources)}`,
          data: workspace.dataSources.length
            ? workspace.dataSources.map(choice => {
                const source = blocks.dataSources.find(s => s.id === choice.id);
                return `${source?.title ?? choice.id}${
                  choice.size ? ` (${choice.size})` : ''
                }${source ? ` at ${source.mountPath}` : ''}`;
              })
            : 'none',
          'environment variables': workspace.env.length
            ? workspace.env.map(
                v => `${v.name}=${v.secret ? '•••••• (secret)' : v.value}`,
              )
            : 'none',
          'created by': <EntityRefLink entityRef={workspace.createdBy} />,
          created: new Date(workspace.createdAt).toLocaleString(),
          'last activity': workspace.lastActivityAt
            ? new Date(workspace.lastActivityAt).toLocaleString()
            : 'none recorded',
          revision: workspace.revision,
        }}
      />
    </InfoCard>
  );
}

function KubernetesObjects(props: { workspace: Workspace; podName?: string }) {
  const { workspace, podName } = props;
  return (
    <InfoCard title="Kubernetes objects">
      <StructuredMetadataTable
        metadata={{
          cluster: workspace.cluster ?? 'default',
          namespace: workspace.namespace,
          'label selector': `workspaces.backstage.io/workspace-id=${workspace.id}`,
          'current pod': podName ?? 'none',
        }}
      />
      <Typography variant="body2" color="textSecondary">
        The StatefulSet, pod, Service, Secret, NetworkPolicy and volume claims
        carry this label; the project's Kubernetes tab lists them with their
        state.
      </Typography>
    </InfoCard>
  );
}

function CreateCall(props: { workspace: Workspace }) {
  const discoveryApi = useApi(discoveryApiRef);
  const { value: baseUrl } = useAsync(
    () => discoveryApi.getBaseUrl('workspaces'),
    [discoveryApi],
  );
  return (
    <InfoCard title="API">
      <Typography variant="body2" gutterBottom>
        The same workspace, created through the REST API:
      </Typography>
      <CodeSnippet
        language="bash"
        text={createCallOf(props.workspace, baseUrl ?? '/api/workspaces')}
        showCopyCodeButton
      />
    </InfoCard>
  );
}

/** One workspace: status, tools, spec, timeline, runs, objects and API call. */
export function WorkspaceDetailsPage() {
  const { workspaceId = '' } = useParams();
  const { value, loading, error, retry } = useWorkspaceDetails(workspaceId);
  const [editing, setEditing] = useState(false);

  if (loading && !value) {
    return <Progress />;
  }
  if (error && !value) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const { workspace, runs, events, blocks } = value;
  const openRun = runs.find(run => !run.endedAt);
  return (
    <Page themeId="tool">
      <Header
        title={workspace.name}
        subtitle={`Workspace in ${workspace.project} · namespace ${workspace.namespace}`}
        type="Workspace"
      >
        <WorkspaceStatusBadge workspace={workspace} />
      </Header>
      <Content>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
          <WorkspaceStatusBadge workspace={workspace} />
          <Typography>{workspace.statusMessage}</Typography>
          <Box flexGrow={1} />
          <WorkspaceActions
            workspace={workspace}
            blocks={blocks}
            onChanged={retry}
            onEdit={() => setEditing(true)}
            hideTools
          />
        </Box>
        <Box mb={2}>
          <ToolLinks
            workspace={workspace}
            tools={
              blocks.environments.find(e => e.id === workspace.environment)
                ?.tools ?? []
            }
          />
        </Box>
        {workspace.autoStop && (
          <Box mb={2}>
            <AutoStopBanner workspace={workspace} onChanged={retry} />
          </Box>
        )}
        {workspace.pendingRestart && (
          <Alert severity="info">
            Changed while running: the change applies when it next starts.
          </Alert>
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <Spec workspace={workspace} blocks={blocks} />
          </Grid>
          <Grid item xs={12} md={6}>
            <StatusTimeline events={events} />
          </Grid>
          <Grid item xs={12}>
            <RunsTable runs={runs} />
          </Grid>
          <Grid item xs={12} md={6}>
            <KubernetesObjects
              workspace={workspace}
              podName={openRun?.podName}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <CreateCall workspace={workspace} />
          </Grid>
        </Grid>
      </Content>
      {editing && (
        <WorkspaceDialog
          projects={[{ ref: workspace.project, title: workspace.project }]}
          workspace={workspace}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            retry();
          }}
        />
      )}
    </Page>
  );
}
