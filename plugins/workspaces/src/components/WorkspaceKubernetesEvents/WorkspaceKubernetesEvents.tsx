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
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

/** Newest first, by when each last happened. */
export function sortNewestFirst(events: KubernetesEvent[]): KubernetesEvent[] {
  return [...events].sort(
    (a, b) => new Date(b.time).getTime() - new Date(a.time).getTime(),
  );
}

function columns(now: Date, t: WorkspacesT): TableColumn<KubernetesEvent>[] {
  return [
    {
      title: t('events.columns.type'),
      render: event =>
        event.type === 'Warning' ? (
          <StatusWarning>{t('events.warning')}</StatusWarning>
        ) : (
          <StatusOK>{event.type}</StatusOK>
        ),
    },
    { title: t('events.columns.reason'), field: 'reason' },
    { title: t('events.columns.message'), field: 'message' },
    {
      title: t('events.columns.object'),
      render: event =>
        `${event.involvedObject.kind}/${event.involvedObject.name}`,
    },
    { title: t('events.columns.count'), field: 'count', type: 'numeric' },
    {
      title: t('events.columns.lastSeen'),
      render: event => (
        <span title={new Date(event.time).toLocaleString()}>
          {formatAge(event.time, now, t)}
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
  const { t } = useWorkspacesTranslation();
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
      title={t('events.title')}
      subtitle={t('events.subtitle')}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        sorting: false,
      }}
      columns={columns(new Date(), t)}
      data={sortNewestFirst(value ?? [])}
      emptyContent={t('events.empty')}
    />
  );
}
