import { Table, TableColumn } from '@backstage/core-components';
import { WorkspaceRun } from '@backstage-workspaces/plugin-workspaces-common';
import { formatDuration } from '@backstage-workspaces/plugin-workspaces-common';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { describeResources } from '../format';

function columns(now: Date, t: WorkspacesT): TableColumn<WorkspaceRun>[] {
  return [
    {
      title: t('details.runs.started'),
      render: run => new Date(run.startedAt).toLocaleString(),
    },
    {
      title: t('details.runs.ended'),
      render: run =>
        run.endedAt
          ? new Date(run.endedAt).toLocaleString()
          : t('details.runs.running'),
    },
    {
      title: t('details.runs.duration'),
      render: run =>
        formatDuration(
          (run.endedAt ? new Date(run.endedAt) : now).getTime() -
            new Date(run.startedAt).getTime(),
        ),
    },
    { title: t('details.runs.endReason'), render: run => run.endReason ?? '' },
    {
      title: t('details.runs.podAndNode'),
      render: run =>
        run.podName
          ? t('details.runs.podOn', {
              pod: run.podName,
              node: run.nodeName ?? t('details.runs.noNode'),
            })
          : '',
    },
    {
      title: t('details.runs.resources'),
      render: run => (run.resources ? describeResources(run.resources, t) : ''),
    },
  ];
}

/** The runs of a workspace: each start, its end and why it ended. */
export function RunsTable(props: { runs: WorkspaceRun[] }) {
  const { t } = useWorkspacesTranslation();
  return (
    <Table<WorkspaceRun>
      title={t('details.runs.title')}
      // no sorting: the columns are rendered, not fields to sort by, and a
      // sort label around a header is a control nested in a control
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      columns={columns(new Date(), t)}
      data={props.runs}
      emptyContent={t('details.runs.empty')}
    />
  );
}
