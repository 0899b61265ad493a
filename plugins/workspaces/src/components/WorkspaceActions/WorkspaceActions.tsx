import { usePermission } from '@backstage/plugin-permission-react';
import {
  ACTIVE_STATUSES,
  isStatusIn,
  Workspace,
  WorkspaceBuildingBlocks,
  workspaceCreatePermission,
  workspaceDeletePermission,
  workspaceUpdatePermission,
  workspaceUsePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { IconButton, Tooltip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import StopIcon from '@material-ui/icons/Stop';
import UpdateIcon from '@material-ui/icons/Update';
import { ReactElement, useLayoutEffect, useRef, useState } from 'react';
import { environmentLifecycleOf } from '../EnvironmentLifecycle/environmentLifecycleOf';
import { ToolIcon } from '../ToolIcon';
import { DeleteWorkspaceDialog } from './DeleteWorkspaceDialog';
import { useWorkspacesTranslation } from '../../translation';
import { useWorkspaceActions } from './useWorkspaceActions';

function Action(props: {
  label: string;
  /** Why the action is not available; the button is disabled with it. */
  unavailable?: string;
  onClick(): void;
  icon: ReactElement;
}) {
  const { label, unavailable, onClick, icon } = props;
  const button = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);
  const focusWhenEnabled = useRef(false);
  const disabled = Boolean(unavailable);
  // A button disabled while it has focus (Stop, while the workspace stops,
  // then Start in its place) loses focus to the page; it takes it back once
  // enabled, unless the user has moved on, so that the keyboard stays here.
  useLayoutEffect(() => {
    if (disabled) {
      focusWhenEnabled.current =
        focused.current || document.activeElement === button.current;
    } else if (focusWhenEnabled.current) {
      focusWhenEnabled.current = false;
      if (document.activeElement === document.body) button.current?.focus();
    }
  }, [disabled]);
  return (
    <Tooltip title={unavailable ?? label}>
      {/* a span, so that the tooltip also shows on a disabled button */}
      <span>
        <IconButton
          ref={button}
          size="small"
          aria-label={label}
          disabled={disabled}
          onClick={onClick}
          onFocus={() => {
            focused.current = true;
          }}
          onBlur={() => {
            focused.current = false;
          }}
        >
          {icon}
        </IconButton>
      </span>
    </Tooltip>
  );
}

/**
 * A workspace's actions. Those the user may not perform are disabled and say
 * why; those that make no sense in its state are hidden.
 */
export function WorkspaceActions(props: {
  workspace: Workspace;
  blocks?: WorkspaceBuildingBlocks;
  onChanged(): void;
  onEdit?(workspace: Workspace): void;
  /** Open the create stepper with a copy of the workspace. */
  onDuplicate?(workspace: Workspace): void;
  /** Leave out the tool buttons, e.g. where ToolLinks shows them. */
  hideTools?: boolean;
}) {
  const { workspace, blocks, onChanged, onEdit, onDuplicate, hideTools } =
    props;
  const resourceRef = workspace.id;
  const update = usePermission({
    permission: workspaceUpdatePermission,
    resourceRef,
  });
  const remove = usePermission({
    permission: workspaceDeletePermission,
    resourceRef,
  });
  const use = usePermission({
    permission: workspaceUsePermission,
    resourceRef,
  });
  // as the Create button decides: the create permission; the backend also
  // refuses a project the user is not assigned to
  const create = usePermission({ permission: workspaceCreatePermission });
  const actions = useWorkspaceActions(workspace, onChanged);
  const { t } = useWorkspacesTranslation();
  const [confirmDelete, setConfirmDelete] = useState(false);

  const deleting = workspace.desiredState === 'Deleted';
  const running = workspace.desiredState === 'Running';
  const denied = (
    allowed: boolean,
    loading: boolean,
    what: 'use' | 'start' | 'stop' | 'update' | 'edit' | 'delete',
  ): string | undefined => {
    if (actions.busy) return t(`actions.waitingFor.${actions.busy}`);
    if (loading) return t('common.checkingPermissions');
    return allowed ? undefined : t(`actions.notAllowed.${what}`);
  };
  let cannotCreate: string | undefined;
  if (create.loading) {
    cannotCreate = t('common.checkingPermissions');
  } else if (!create.allowed) {
    cannotCreate = t('common.notAllowedToCreate');
  }
  const tools =
    blocks?.environments.find(e => e.id === workspace.environment)?.tools ?? [];
  // a stopped workspace on a replaced environment, before its next start
  const lifecycle = blocks && environmentLifecycleOf(workspace, blocks, t);
  const replacement = lifecycle?.canUpdate ? lifecycle.replacement : undefined;

  if (deleting) {
    return null;
  }
  return (
    <>
      {workspace.status === 'Running' &&
        !hideTools &&
        tools.map(tool => (
          <Action
            key={tool.id}
            label={t('actions.open', { tool: tool.title })}
            unavailable={denied(use.allowed, use.loading, 'use')}
            onClick={() => actions.connect(tool.id)}
            icon={<ToolIcon type={tool.type} />}
          />
        ))}
      {running ? (
        <Action
          label={t('actions.stop')}
          unavailable={denied(update.allowed, update.loading, 'stop')}
          onClick={actions.stop}
          icon={<StopIcon />}
        />
      ) : (
        <Action
          label={t('actions.start')}
          unavailable={
            denied(update.allowed, update.loading, 'start') ??
            (isStatusIn(ACTIVE_STATUSES, workspace.status) ||
            workspace.status === 'Stopping'
              ? t('actions.isInStatus', {
                  status: t(`status.${workspace.status}`).toLocaleLowerCase(),
                })
              : undefined)
          }
          onClick={actions.start}
          icon={<PlayArrowIcon />}
        />
      )}
      {replacement && (
        <Action
          label={t('actions.updateTo', { title: replacement.title })}
          unavailable={denied(update.allowed, update.loading, 'update')}
          onClick={() => actions.updateEnvironment(replacement)}
          icon={<UpdateIcon />}
        />
      )}
      {onEdit && (
        <Action
          label={t('actions.edit')}
          unavailable={denied(update.allowed, update.loading, 'edit')}
          onClick={() => onEdit(workspace)}
          icon={<EditIcon />}
        />
      )}
      {onDuplicate && (
        <Action
          label={t('actions.duplicate')}
          unavailable={cannotCreate}
          onClick={() => onDuplicate(workspace)}
          icon={<FileCopyIcon />}
        />
      )}
      <Action
        label={t('actions.delete')}
        unavailable={denied(remove.allowed, remove.loading, 'delete')}
        onClick={() => setConfirmDelete(true)}
        icon={<DeleteIcon />}
      />
      {confirmDelete && (
        <DeleteWorkspaceDialog
          workspace={workspace}
          dataSources={blocks?.dataSources ?? []}
          onClose={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            actions.remove();
          }}
        />
      )}
    </>
  );
}
