import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Workspace,
  workspaceCreatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Button, Tooltip, Typography } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { ReactNode, useState } from 'react';
import { useBuildingBlocks } from '../../hooks/useBuildingBlocks';
import {
  useWorkspaceList,
  WorkspaceListQuery,
} from '../../hooks/useWorkspaceList';
import { WorkspaceDialog } from '../CreateWorkspace';
import { WorkspacesGrid } from '../WorkspacesGrid';

/**
 * Workspaces kept live, with Create, Edit and the row actions: the body of
 * a project's Workspaces tab (one project) and of the Workspaces page (all
 * assigned projects).
 */
export function WorkspacesView(props: {
  /**
   * The projects the user may create workspaces in, the first the default;
   * undefined while they load (the grid does not wait for them).
   */
  projects?: Array<{ ref: string; title: string }>;
  /** Only this project's workspaces; all visible ones otherwise. */
  project?: string;
  /** Shown instead of the grid while there are no workspaces. */
  empty: ReactNode;
  /** Above the grid, e.g. the project summary. */
  header?: ReactNode;
}) {
  const { projects, project, empty, header } = props;
  const [query, setQuery] = useState<WorkspaceListQuery>({});
  const list = useWorkspaceList(project, query);
  const blocks = useBuildingBlocks([
    ...(projects ?? []).map(p => p.ref),
    ...(list.workspaces ?? []).map(w => w.project),
  ]);
  const create = usePermission({ permission: workspaceCreatePermission });
  const [dialog, setDialog] = useState<{
    workspace?: Workspace;
    duplicateOf?: Workspace;
  }>();

  const reload = list.reload;

  if (list.loading) {
    return <Progress />;
  }
  if (list.error && !list.workspaces) {
    return <ResponseErrorPanel error={list.error} />;
  }
  const workspaces = list.workspaces ?? [];
  // a filter that matches nothing keeps the grid, with its filters, on screen
  const { sort: _sort, order: _order, ...filters } = query;
  const filtered = Object.values(filters).some(value => value !== undefined);
  const cannotCreate = create.loading
    ? 'Checking your permissions…'
    : !create.allowed && 'You are not allowed to create workspaces';
  let noProject: string | undefined;
  if (!projects) {
    noProject = 'Loading your projects…';
  } else if (projects.length === 0) {
    noProject = 'You are not assigned to a project';
  }
  const createButton = (
    <Tooltip title={cannotCreate || noProject || 'Create a workspace'}>
      <span>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          disabled={Boolean(cannotCreate || noProject)}
          onClick={() => setDialog({})}
        >
          Create workspace
        </Button>
      </span>
    </Tooltip>
  );
  const unreachable = workspaces.filter(w => w.status === 'Unknown').length;

  return (
    <>
      {header}
      {list.error && (
        <WarningPanel
          severity="warning"
          title="Could not refresh the workspaces"
        >
          <Typography>
            {list.error.message}. The list below may be out of date; it is
            reloaded on the next change.
          </Typography>
        </WarningPanel>
      )}
      {unreachable > 0 && (
        <WarningPanel
          severity="warning"
          title="The cluster cannot be reached"
          defaultExpanded
        >
          <Typography>
            {unreachable} workspace{unreachable > 1 ? 's are' : ' is'} in status
            Unknown: the backend cannot reach their Kubernetes cluster. Their
            configuration and data are safe; statuses come back when the cluster
            answers again. If this lasts, tell your platform team.
          </Typography>
        </WarningPanel>
      )}
      {list.truncated && (
        <Typography color="textSecondary">
          Showing the first {workspaces.length} workspaces in this order; filter
          or sort to see others.
        </Typography>
      )}
      {workspaces.length === 0 && !filtered ? (
        <>
          {createButton}
          {empty}
        </>
      ) : (
        <WorkspacesGrid
          workspaces={workspaces}
          blocks={blocks.value}
          showProject={!project}
          actions={createButton}
          query={query}
          onQueryChange={setQuery}
          onChanged={reload}
          onEdit={workspace => setDialog({ workspace })}
          onDuplicate={duplicateOf => setDialog({ duplicateOf })}
        />
      )}
      {dialog && (
        <WorkspaceDialog
          projects={
            dialog.duplicateOf
              ? [projectOf(dialog.duplicateOf.project, projects)]
              : projects ?? []
          }
          workspace={dialog.workspace}
          duplicateOf={dialog.duplicateOf}
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

/** A copy goes to the original's project, titled as the user's choices title it. */
function projectOf(
  ref: string,
  projects: Array<{ ref: string; title: string }> | undefined,
) {
  return projects?.find(p => p.ref === ref) ?? { ref, title: ref };
}

/** The empty state of a grid. */
export function NoWorkspaces(props: { description: string }) {
  return (
    <EmptyState
      missing="data"
      title="No workspaces yet"
      description={props.description}
    />
  );
}
