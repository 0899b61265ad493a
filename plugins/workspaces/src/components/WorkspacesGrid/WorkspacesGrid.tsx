import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Workspace,
  WorkspaceBuildingBlocks,
  WORKSPACE_STATUSES,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Tooltip,
} from '@material-ui/core';
import { ReactNode, useMemo, useState } from 'react';
import { workspaceRouteRef } from '../../routes';
import { describeResources, formatAge } from '../format';
import { ToolIcon } from '../ToolIcon';
import { AutoStopIndicator } from '../AutoStopBanner';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { WorkspaceActions } from '../WorkspaceActions';

export interface WorkspacesGridProps {
  workspaces: Workspace[];
  blocks?: WorkspaceBuildingBlocks;
  /** Adds the project column and filter, for workspaces of many projects. */
  showProject?: boolean;
  title?: string;
  /** Buttons above the grid, e.g. Create workspace. */
  actions?: ReactNode;
  onChanged(): void;
  onEdit?(workspace: Workspace): void;
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: string[];
  onChange(value: string): void;
}) {
  const id = `workspaces-filter-${props.label.toLocaleLowerCase('en-US')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(event.target.value as string)}
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/**
 * Workspaces with their status, owner, environment, resources, age and
 * actions: searchable, sortable, filtered by status (and project).
 */
export function WorkspacesGrid(props: WorkspacesGridProps) {
  const { workspaces, blocks, showProject, onChanged, onEdit } = props;
  const workspaceRoute = useRouteRef(workspaceRouteRef);
  const [status, setStatus] = useState('');
  const [project, setProject] = useState('');
  const now = new Date();

  const projects = useMemo(
    () => [...new Set(workspaces.map(w => w.project))].sort(),
    [workspaces],
  );
  const shown = workspaces.filter(
    w =>
      (!status || w.status === status) && (!project || w.project === project),
  );

  const columns: TableColumn<Workspace>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      cellStyle: { whiteSpace: 'nowrap' },
      render: workspace => (
        <Link to={workspaceRoute({ workspaceId: workspace.id })}>
          {workspace.name}
        </Link>
      ),
    },
    ...(showProject
      ? [
          {
            title: 'Project',
            field: 'project',
            render: (workspace: Workspace) => (
              <EntityRefLink entityRef={workspace.project} hideIcon />
            ),
          },
        ]
      : []),
    {
      title: 'Status',
      field: 'status',
      render: workspace => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <WorkspaceStatusBadge workspace={workspace} />
          <AutoStopIndicator workspace={workspace} />
        </Box>
      ),
    },
    {
      title: 'Created by',
      field: 'createdBy',
      render: workspace => (
        <EntityRefLink entityRef={workspace.createdBy} hideIcon />
      ),
    },
    {
      title: 'Environment',
      field: 'environment',
      render: workspace => {
        const environment = blocks?.environments.find(
          e => e.id === workspace.environment,
        );
        return (
          <Box display="flex" alignItems="center" style={{ gap: 4 }}>
            {environment?.title ?? workspace.environment}
            {environment?.tools.map(tool => (
              <Tooltip key={tool.id} title={tool.title}>
                <span aria-label={tool.title}>
                  <ToolIcon type={tool.type} fontSize="inherit" />
                </span>
              </Tooltip>
            ))}
          </Box>
        );
      },
    },
    {
      title: 'Resources',
      sorting: false,
      render: workspace => describeResources(workspace.resources),
    },
    {
      title: 'Age',
      field: 'createdAt',
      defaultSort: 'desc',
      render: workspace => (
        <Tooltip title={new Date(workspace.createdAt).toLocaleString()}>
          <span>{formatAge(workspace.createdAt, now)}</span>
        </Tooltip>
      ),
    },
    {
      title: 'Last activity',
      field: 'lastActivityAt',
      render: workspace => formatAge(workspace.lastActivityAt, now),
    },
    {
      title: 'Actions',
      sorting: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: workspace => (
        <WorkspaceActions
          workspace={workspace}
          blocks={blocks}
          onChanged={onChanged}
          onEdit={onEdit}
        />
      ),
    },
  ];

  return (
    <>
      <Box display="flex" style={{ gap: 16 }} mb={2} alignItems="center">
        <FilterSelect
          label="Status"
          value={status}
          options={[...WORKSPACE_STATUSES]}
          onChange={setStatus}
        />
        {showProject && (
          <FilterSelect
            label="Project"
            value={project}
            options={projects}
            onChange={setProject}
          />
        )}
        <Box flexGrow={1} />
        {props.actions}
      </Box>
      <Table<Workspace>
        title={props.title ?? 'Workspaces'}
        options={{
          paging: shown.length > 50,
          pageSize: 50,
          search: true,
          padding: 'dense',
          actionsColumnIndex: -1,
        }}
        columns={columns}
        data={shown}
      />
    </>
  );
}
