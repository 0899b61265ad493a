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
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { DiagnosticsProblem } from '../DiagnosticsProblem';
import { describeContainerState } from './describeContainerState';

function containerColumns(
  t: WorkspacesT,
): TableColumn<ContainerStatusSummary>[] {
  return [
    {
      title: t('objects.columns.container'),
      render: c =>
        c.init ? t('common.initContainer', { name: c.name }) : c.name,
    },
    { title: t('objects.columns.image'), field: 'image' },
    {
      title: t('objects.columns.ready'),
      render: c => (c.ready ? t('objects.yes') : t('objects.no')),
    },
    {
      title: t('objects.columns.restarts'),
      field: 'restartCount',
      type: 'numeric',
    },
    {
      title: t('objects.columns.state'),
      render: c => describeContainerState(c.state, t),
    },
    {
      title: t('objects.columns.lastState'),
      render: c => describeContainerState(c.lastState, t),
    },
  ];
}

function PodCard(props: { name: string; pod: WorkspaceObjectPod }) {
  const { name, pod } = props;
  const { t } = useWorkspacesTranslation();
  const dash = t('common.dash');
  return (
    <InfoCard title={t('objects.pod', { name })}>
      <StructuredMetadataTable
        metadata={{
          [t('objects.fields.phase')]: pod.reason
            ? `${pod.phase} (${pod.reason})`
            : pod.phase,
          ...(pod.message
            ? { [t('objects.fields.message')]: pod.message }
            : {}),
          [t('objects.fields.node')]: pod.nodeName ?? t('objects.notScheduled'),
          [t('objects.fields.ip')]: pod.podIP ?? dash,
          [t('objects.fields.started')]: pod.startTime
            ? new Date(pod.startTime).toLocaleString()
            : dash,
          [t('objects.fields.conditions')]: pod.conditions.length
            ? pod.conditions.map(
                c =>
                  `${c.type}: ${c.status}${c.reason ? ` (${c.reason})` : ''}${
                    c.message ? ` ${c.message}` : ''
                  }`,
              )
            : t('common.none'),
        }}
      />
      <Box mt={2}>
        <Table<ContainerStatusSummary>
          title={t('objects.containers')}
          // no sort labels: a pod has a container or two, and a sort label
          // around a header is a control nested in a control
          options={{
            paging: false,
            search: false,
            sorting: false,
            padding: 'dense',
          }}
          columns={containerColumns(t)}
          data={pod.containers}
          emptyContent={t('objects.noContainers')}
        />
      </Box>
    </InfoCard>
  );
}

function ObjectCard(props: { object: WorkspaceObject }) {
  const { object } = props;
  const { t } = useWorkspacesTranslation();
  const dash = t('common.dash');
  if (object.pod) {
    return <PodCard name={object.name} pod={object.pod} />;
  }
  if (object.statefulSet) {
    const { replicas, readyReplicas } = object.statefulSet;
    return (
      <InfoCard title={t('objects.statefulSet', { name: object.name })}>
        <StructuredMetadataTable
          metadata={{
            [t('objects.fields.replicasReady')]: t('objects.ofTotal', {
              ready: String(readyReplicas),
              total: String(replicas),
            }),
            [t('objects.fields.wanted')]:
              replicas === 0 ? t('objects.stoppedReplicas') : replicas,
          }}
        />
      </InfoCard>
    );
  }
  if (object.volumeClaim) {
    const claim = object.volumeClaim;
    return (
      <InfoCard title={t('objects.volumeClaim', { name: object.name })}>
        <StructuredMetadataTable
          metadata={{
            [t('objects.fields.phase')]: claim.phase,
            [t('objects.fields.requested')]: claim.requested ?? dash,
            [t('objects.fields.capacity')]: claim.capacity ?? dash,
            [t('objects.fields.storageClass')]:
              claim.storageClassName ?? t('objects.defaultStorageClass'),
            [t('objects.fields.boundVolume')]:
              claim.volumeName ?? t('objects.noneYet'),
            [t('objects.fields.accessModes')]:
              claim.accessModes?.join(', ') ?? dash,
          }}
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={t('objects.other', { kind: object.kind, name: object.name })}
    >
      <Typography>{t('objects.noState')}</Typography>
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
  const { t } = useWorkspacesTranslation();
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
    return <Typography>{t('objects.none')}</Typography>;
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
