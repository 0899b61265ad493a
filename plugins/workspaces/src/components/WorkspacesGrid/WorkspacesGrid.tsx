import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  formatDuration,
  idleSince,
  Workspace,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Button, Checkbox, Tooltip } from '@material-ui/core';
import StopIcon from '@material-ui/icons/Stop';
import WarningIcon from '@material-ui/icons/Warning';
import { ReactNode, useState } from 'react';
import { WorkspaceListQuery } from '../../hooks/useWorkspaceList';
import { workspaceRouteRef } from '../../routes';
import { useWorkspacesTranslation } from '../../translation';
import { describeResources, formatAge } from '../format';
import { ToolIcon } from '../ToolIcon';
import { AutoStopIndicator } from '../AutoStopBanner';
import { DormancyCell } from '../DormancyCell';
import { environmentLifecycleOf } from '../EnvironmentLifecycle';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { WorkspaceActions } from '../WorkspaceActions';
import { BulkStopDialog } from './BulkStopDialog';
import { GridFilters } from './GridFilters';
import { SortTitle } from './SortTitle';
import { useCanStopOthers } from './useCanStopOthers';

export interface WorkspacesGridProps {
  workspaces: Workspace[];
  blocks?: WorkspaceBuildingBlocks;
  /** Adds the project column and filter, for workspaces of many projects. */
  showProject?: boolean;
  title?: string;
  /** Buttons above the grid, e.g. Create workspace. */
  actions?: ReactNode;
  /** How the backend filtered and sorted `workspaces`. */
  query: WorkspaceListQuery;
  /** A filter or sort changed: list the workspaces again with `query`. */
  onQueryChange(query: WorkspaceListQuery): void;
  onChanged(): void;
  onEdit?(workspace: Workspace): void;
  /** Offer Duplicate, opening the create stepper with a copy. */
  onDuplicate?(workspace: Workspace): void;
}

/** A stop makes sense for a workspace meant to run. */
const stoppable = (workspace: Workspace) =>
  workspace.desiredState === 'Running';

/**
 * Workspaces with their status, owner, environment, resources, GPUs, node,
 * running and idle time, and actions: filtered and sorted by the backend,
 * searchable by name. Users who may stop workspaces of others (admins) can
 * select several and stop them at once, and see the storage each holds and
 * its dormancy (with a filter for the dormant ones).
 */
export function WorkspacesGrid(props: WorkspacesGridProps) {
  const { workspaces, blocks, showProject, query, onQueryChange } = props;
  const { onChanged, onEdit, onDuplicate } = props;
  const workspaceRoute = useRouteRef(workspaceRouteRef);
  const { t } = useWorkspacesTranslation();
  const canStopOthers = useCanStopOthers(workspaces);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkStop, setBulkStop] = useState<Workspace[]>();
  const now = new Date();

  const sortTitle = (label: string, sort: WorkspaceListQuery['sort']) => (
    <SortTitle
      label={label}
      sort={sort!}
      query={query}
      onQueryChange={onQueryChange}
    />
  );
  const selectable = workspaces.filter(stoppable);
  const chosen = selectable.filter(w => selected.has(w.id));
  const toggle = (id: string) =>
    setSelected(previous => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const selectColumn: TableColumn<Workspace> = {
    title: (
      <Checkbox
        size="small"
        inputProps={{ 'aria-label': t('grid.selectAll') }}
        checked={selectable.length > 0 && chosen.length === selectable.length}
        indeterminate={chosen.length > 0 && chosen.length < selectable.length}
        disabled={selectable.length === 0}
        onChange={(_, checked) =>
          setSelected(new Set(checked ? selectable.map(w => w.id) : []))
        }
      />
    ),
    width: '48px',
    render: workspace => (
      <Checkbox
        size="small"
        inputProps={{
          'aria-label': t('grid.select', { name: workspace.name }),
        }}
        checked={stoppable(workspace) && selected.has(workspace.id)}
        disabled={!stoppable(workspace)}
        onChange={() => toggle(workspace.id)}
      />
    ),
  };

  const columns: TableColumn<Workspace>[] = [
    ...(canStopOthers ? [selectColumn] : []),
    {
      title: sortTitle(t('grid.columns.name'), 'name'),
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
            title: t('grid.columns.project'),
            field: 'project',
            render: (workspace: Workspace) => (
              <EntityRefLink entityRef={workspace.project} hideIcon />
            ),
          },
        ]
      : []),
    {
      title: sortTitle(t('grid.columns.status'), 'status'),
      field: 'status',
      render: workspace => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <WorkspaceStatusBadge workspace={workspace} />
          <AutoStopIndicator workspace={workspace} />
        </Box>
      ),
    },
    {
      title: t('grid.columns.createdBy'),
      field: 'createdBy',
      render: workspace => (
        <EntityRefLink entityRef={workspace.createdBy} hideIcon />
      ),
    },
    {
      title: t('grid.columns.environment'),
      field: 'environment',
      render: workspace => {
        const environment = blocks?.environments.find(
          e => e.id === workspace.environment,
        );
        const lifecycle =
          blocks && environmentLifecycleOf(workspace, blocks, t);
        return (
          <Box display="flex" alignItems="center" style={{ gap: 4 }}>
            {environment?.title ?? workspace.environment}
            {lifecycle && (
              <Tooltip title={lifecycle.text}>
                <span role="img" aria-label={lifecycle.text}>
                  <WarningIcon
                    fontSize="inherit"
                    color={
                      lifecycle.kind === 'unavailable' ? 'error' : 'action'
                    }
                  />
                </span>
              </Tooltip>
            )}
            {environment?.tools.map(tool => (
              <Tooltip key={tool.id} title={tool.title}>
                <span role="img" aria-label={tool.title}>
                  <ToolIcon type={tool.type} fontSize="inherit" />
                </span>
              </Tooltip>
            ))}
          </Box>
        );
      },
    },
    {
      title: t('grid.columns.resources'),
      render: workspace => describeResources(workspace.resources, t),
    },
    {
      title: sortTitle(t('grid.columns.gpus'), 'gpus'),
      render: workspace => workspace.resources.gpu,
    },
    {
      title: sortTitle(t('grid.columns.node'), 'node'),
      render: workspace => workspace.node ?? t('common.dash'),
    },
    {
      title: sortTitle(t('grid.columns.runningFor'), 'runStartedAt'),
      render: workspace =>
        workspace.runStartedAt ? (
          <Tooltip
            title={t('grid.since', {
              time: new Date(workspace.runStartedAt).toLocaleString(),
            })}
          >
            <span>
              {formatDuration(
                now.getTime() - new Date(workspace.runStartedAt).getTime(),
              )}
            </span>
          </Tooltip>
        ) : (
          t('common.dash')
        ),
    },
    {
      title: sortTitle(t('grid.columns.idleFor'), 'idleSince'),
      render: workspace => {
        const since = idleSince(
          workspace.runStartedAt,
          workspace.lastActivityAt,
        );
        return since ? (
          <Tooltip
            title={t('grid.lastUsed', {
              age: formatAge(workspace.lastActivityAt, now, t),
            })}
          >
            <span>
              {formatDuration(now.getTime() - new Date(since).getTime())}
            </span>
          </Tooltip>
        ) : (
          t('common.dash')
        );
      },
    },
    // admins: what stopped workspaces hold, and what dormancy does about it
    ...(canStopOthers
      ? [
          {
            title: t('grid.columns.storage'),
            render: (workspace: Workspace) => (
              <DormancyCell workspace={workspace} now={now} />
            ),
          },
        ]
      : []),
    {
      title: sortTitle(t('grid.columns.age'), 'createdAt'),
      field: 'createdAt',
      render: workspace => (
        <Tooltip title={new Date(workspace.createdAt).toLocaleString()}>
          <span>{formatAge(workspace.createdAt, now, t)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('grid.columns.actions'),
      cellStyle: { whiteSpace: 'nowrap' },
      render: workspace => (
        <WorkspaceActions
          workspace={workspace}
          blocks={blocks}
          onChanged={onChanged}
          onEdit={onEdit}
          onDuplicate={onDuplicate}
        />
      ),
    },
  ];

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mb={2}
        alignItems="center"
      >
        <GridFilters
          workspaces={workspaces}
          query={query}
          onQueryChange={onQueryChange}
          showProject={showProject}
          showDormancy={canStopOthers}
        />
        <Box flexGrow={1} />
        {canStopOthers && (
          <Button
            variant="outlined"
            startIcon={<StopIcon />}
            disabled={chosen.length === 0}
            onClick={() => setBulkStop(chosen)}
          >
            {t('grid.stopSelected', { count: chosen.length })}
          </Button>
        )}
        {props.actions}
      </Box>
      <Table<Workspace>
        title={props.title ?? t('grid.title')}
        options={{
          paging: workspaces.length > 50,
          pageSize: 50,
          search: true,
          // sorted by the backend, as the column titles say
          sorting: false,
          draggable: false,
          padding: 'dense',
          actionsColumnIndex: -1,
        }}
        columns={columns}
        data={workspaces}
      />
      {bulkStop && (
        <BulkStopDialog
          workspaces={bulkStop}
          onClose={() => setBulkStop(undefined)}
          onDone={() => {
            setSelected(new Set());
            onChanged();
          }}
        />
      )}
    </>
  );
}
