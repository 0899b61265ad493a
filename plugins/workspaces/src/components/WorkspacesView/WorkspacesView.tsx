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
import { useFocusReturn } from '../../hooks/useFocusReturn';
import {
  useWorkspaceList,
  WorkspaceListQuery,
} from '../../hooks/useWorkspaceList';
import { WorkspaceDialog } from '../CreateWorkspace';
import { useWorkspacesTranslation } from '../../translation';
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
  const { t } = useWorkspacesTranslation();
  const [dialog, setDialog] = useState<{
    workspace?: Workspace;
    duplicateOf?: Workspace;
  }>();

  const reload = list.reload;
  // a create gives focus back to Create workspace, wherever it is by then
  const createFocus = useFocusReturn<HTMLButtonElement>();
  const closeDialog = () => {
    if (!dialog?.workspace && !dialog?.duplicateOf) {
      createFocus.returnFocus();
    }
    setDialog(undefined);
  };

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
    ? t('common.checkingPermissions')
    : !create.allowed && t('common.notAllowedToCreate');
  let noProject: string | undefined;
  if (!projects) {
    noProject = t('common.loadingProjects');
  } else if (projects.length === 0) {
    noProject = t('common.notAssigned');
  }
  const createButton = (
    <Tooltip
      title={cannotCreate || noProject || t('common.createWorkspaceTooltip')}
    >
      <span>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          ref={createFocus.ref}
          disabled={Boolean(cannotCreate || noProject)}
          onClick={() => setDialog({})}
        >
          {t('common.createWorkspace')}
        </Button>
      </span>
    </Tooltip>
  );
  const unreachable = workspaces.filter(w => w.status === 'Unknown').length;

  return (
    <>
      {header}
      {list.error && (
        <WarningPanel severity="warning" title={t('view.refreshFailed')}>
          <Typography>
            {t('view.refreshFailedBody', { message: list.error.message })}
          </Typography>
        </WarningPanel>
      )}
      {unreachable > 0 && (
        <WarningPanel
          severity="warning"
          title={t('view.unreachable')}
          defaultExpanded
        >
          <Typography>
            {t('view.unreachableBody', { count: unreachable })}
          </Typography>
        </WarningPanel>
      )}
      {list.truncated && (
        <Typography color="textSecondary">
          {t('view.truncated', { count: workspaces.length })}
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
          onClose={closeDialog}
          onSaved={() => {
            closeDialog();
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
  const { t } = useWorkspacesTranslation();
  return (
    <EmptyState
      missing="data"
      title={t('view.noWorkspaces')}
      description={props.description}
    />
  );
}
