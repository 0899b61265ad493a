import {
  Progress,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  KubernetesEvent,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { DiagnosticsProblem } from '../DiagnosticsProblem';
import { formatAge } from '../format';

/** Newest first, by when each last happened. */
export function sortNewestFirst(events: KubernetesEvent[]): KubernetesEvent[] {
  return [...events].sort(
    (a, b) => new Date(b.time).getTime() - new Date(a.time).getTime(),
  );
}

function columns(now: Date): TableColumn<KubernetesEvent>[] {
  return [
    {
      title: 'Type',
      render: event =>
        event.type === 'Warning' ? (
          <StatusWarning>Warning</StatusWarning>
        ) : (
          <StatusOK>{event.type}</StatusOK>
        ),
    },
    { title: 'Reason', field: 'reason' },
    { title: 'Message', field: 'message' },
    {
      title: 'Object',
      render: event =>
        `${event.involvedObject.kind}/${event.involvedObject.name}`,
    },
    { title: 'Count', field: 'count', type: 'numeric' },
    {
      title: 'Last seen',
      render: event => (
        <span title={new Date(event.time).toLocaleString()}>
          {formatAge(event.time, now)}
        </span>
      ),
    },
  ];
}

/**
 * The Events tab: the Kubernetes events of the workspace's pod, StatefulSet
 * and volume claims, newest first, warnings marked.
 */
export function WorkspaceKubernetesEvents(props: { workspace: Workspace }) {
  const { workspace } = props;
  const workspacesApi = useApi(workspacesApiRef);
  const { value, loading, error } = useAsync(
    () => workspacesApi.listKubernetesEvents(workspace.id),
    // a status change usually comes with new events
    [workspacesApi, workspace.id, workspace.status],
  );
  if (error) {
    return (
      <DiagnosticsProblem error={error} workspace={workspace} what="events" />
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  return (
    <Table<KubernetesEvent>
      title="Kubernetes events"
      subtitle="The cluster keeps events for about an hour."
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        sorting: false,
      }}
      columns={columns(new Date())}
      data={sortNewestFirst(value ?? [])}
      emptyContent="No events: the cluster keeps them for about an hour."
    />
  );
}
