import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ContainerStatusSummary,
  Workspace,
  WorkspaceObject,
  WorkspaceObjectPod,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { DiagnosticsProblem } from '../DiagnosticsProblem';
import { describeContainerState } from './describeContainerState';

const containerColumns: TableColumn<ContainerStatusSummary>[] = [
  {
    title: 'Container',
    render: c => (c.init ? `${c.name} (init)` : c.name),
  },
  { title: 'Image', field: 'image' },
  { title: 'Ready', render: c => (c.ready ? 'yes' : 'no') },
  { title: 'Restarts', field: 'restartCount', type: 'numeric' },
  { title: 'State', render: c => describeContainerState(c.state) },
  { title: 'Last state', render: c => describeContainerState(c.lastState) },
];

function PodCard(props: { name: string; pod: WorkspaceObjectPod }) {
  const { name, pod } = props;
  return (
    <InfoCard title={`Pod ${name}`}>
      <StructuredMetadataTable
        metadata={{
          phase: pod.reason ? `${pod.phase} (${pod.reason})` : pod.phase,
          ...(pod.message ? { message: pod.message } : {}),
          node: pod.nodeName ?? 'not scheduled',
          IP: pod.podIP ?? '—',
          started: pod.startTime
            ? new Date(pod.startTime).toLocaleString()
            : '—',
          conditions: pod.conditions.length
            ? pod.conditions.map(
                c =>
                  `${c.type}: ${c.status}${c.reason ? ` (${c.reason})` : ''}${
                    c.message ? ` ${c.message}` : ''
                  }`,
              )
            : 'none',
        }}
      />
      <Box mt={2}>
        <Table<ContainerStatusSummary>
          title="Containers"
          // no sort labels: a pod has a container or two, and a sort label
          // around a header is a control nested in a control
          options={{
            paging: false,
            search: false,
            sorting: false,
            padding: 'dense',
          }}
          columns={containerColumns}
          data={pod.containers}
          emptyContent="No container statuses yet."
        />
      </Box>
    </InfoCard>
  );
}

function ObjectCard(props: { object: WorkspaceObject }) {
  const { object } = props;
  if (object.pod) {
    return <PodCard name={object.name} pod={object.pod} />;
  }
  if (object.statefulSet) {
    const { replicas, readyReplicas } = object.statefulSet;
    return (
      <InfoCard title={`StatefulSet ${object.name}`}>
        <StructuredMetadataTable
          metadata={{
            'replicas ready': `${readyReplicas} of ${replicas}`,
            wanted: replicas === 0 ? '0 (stopped)' : replicas,
          }}
        />
      </InfoCard>
    );
  }
  if (object.volumeClaim) {
    const claim = object.volumeClaim;
    return (
      <InfoCard title={`Volume claim ${object.name}`}>
        <StructuredMetadataTable
          metadata={{
            phase: claim.phase,
            requested: claim.requested ?? '—',
            capacity: claim.capacity ?? '—',
            'storage class': claim.storageClassName ?? 'the default',
            'bound volume': claim.volumeName ?? 'none yet',
            'access modes': claim.accessModes?.join(', ') ?? '—',
          }}
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={`${object.kind} ${object.name}`}>
      <Typography>No state reported.</Typography>
    </InfoCard>
  );
}

/**
 * The Objects tab: the live state of the workspace's pod (containers and
 * conditions), StatefulSet and volume claims.
 */
export function WorkspaceObjects(props: { workspace: Workspace }) {
  const { workspace } = props;
  const workspacesApi = useApi(workspacesApiRef);
  const { value, loading, error } = useAsync(
    () => workspacesApi.listObjects(workspace.id),
    [workspacesApi, workspace.id, workspace.status],
  );
  if (error) {
    return (
      <DiagnosticsProblem error={error} workspace={workspace} what="objects" />
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  if (!value?.length) {
    return (
      <Typography>
        No Kubernetes objects: the workspace has not been started yet.
      </Typography>
    );
  }
  return (
    <Grid container spacing={3}>
      {value.map(object => (
        <Grid
          item
          xs={12}
          md={object.kind === 'Pod' ? 12 : 6}
          key={`${object.kind}/${object.name}`}
        >
          <ObjectCard object={object} />
        </Grid>
      ))}
    </Grid>
  );
}
