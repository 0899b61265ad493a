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
        carry this label; the Objects tab shows the state of the pod,
        StatefulSet and volume claims.
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
