import { Table, TableColumn } from '@backstage/core-components';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { Tooltip, Typography } from '@material-ui/core';

function describeResources(workspace: Workspace): string {
  const { cpu, memory, gpu } = workspace.resources;
  return [`${cpu} CPU`, `${memory}`, ...(gpu > 0 ? [`${gpu} GPU`] : [])].join(
    ' · ',
  );
}

const columns: TableColumn<Workspace>[] = [
  { title: 'Name', field: 'name', highlight: true },
  {
    title: 'Status',
    field: 'status',
    render: workspace => (
      <Tooltip title={workspace.statusMessage}>
        <Typography variant="body2">{workspace.status}</Typography>
      </Tooltip>
    ),
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Resources', render: describeResources },
  { title: 'Created by', field: 'createdBy' },
  {
    title: 'Created',
    field: 'createdAt',
    render: workspace => new Date(workspace.createdAt).toLocaleString(),
  },
];

/** The workspaces of a project, with their status and its reason on hover. */
export function WorkspacesTable(props: { workspaces: Workspace[] }) {
  return (
    <Table<Workspace>
      title="Workspaces"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={props.workspaces}
    />
  );
}
