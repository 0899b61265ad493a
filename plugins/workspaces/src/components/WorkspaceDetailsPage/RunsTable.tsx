import { Table, TableColumn } from '@backstage/core-components';
import { WorkspaceRun } from '@backstage-workspaces/plugin-workspaces-common';
import { formatDuration } from '@backstage-workspaces/plugin-workspaces-common';
import { describeResources } from '../format';

function columns(now: Date): TableColumn<WorkspaceRun>[] {
  return [
    {
      title: 'Started',
      render: run => new Date(run.startedAt).toLocaleString(),
    },
    {
      title: 'Ended',
      render: run =>
        run.endedAt ? new Date(run.endedAt).toLocaleString() : 'running',
    },
    {
      title: 'Duration',
      render: run =>
        formatDuration(
          (run.endedAt ? new Date(run.endedAt) : now).getTime() -
            new Date(run.startedAt).getTime(),
        ),
    },
    { title: 'End reason', render: run => run.endReason ?? '' },
    {
      title: 'Pod and node',
      render: run =>
        run.podName ? `${run.podName} on ${run.nodeName ?? 'no node yet'}` : '',
    },
    {
      title: 'Resources',
      render: run => (run.resources ? describeResources(run.resources) : ''),
    },
  ];
}

/** The runs of a workspace: each start, its end and why it ended. */
export function RunsTable(props: { runs: WorkspaceRun[] }) {
  return (
    <Table<WorkspaceRun>
      title="Runs"
      // no sorting: the columns are rendered, not fields to sort by, and a
      // sort label around a header is a control nested in a control
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      columns={columns(new Date())}
      data={props.runs}
      emptyContent="Not started yet."
    />
  );
}
