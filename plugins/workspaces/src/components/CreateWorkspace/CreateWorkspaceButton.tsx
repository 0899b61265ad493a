import { usePermission } from '@backstage/plugin-permission-react';
import { workspaceCreatePermission } from '@backstage-workspaces/plugin-workspaces-common';
import { Button, Tooltip } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useWorkspacesTranslation } from '../../translation';
import { WorkspaceDialog } from './WorkspaceDialog';

/**
 * Create workspace, opening the create dialog; disabled, saying why, while
 * the user may not create workspaces or has no project to create them in.
 */
export function CreateWorkspaceButton(props: {
  /** The projects to create in, the first the default; undefined while they load. */
  projects?: Array<{ ref: string; title: string }>;
  onCreated(): void;
}) {
  const { projects, onCreated } = props;
  const { t } = useWorkspacesTranslation();
  const create = usePermission({ permission: workspaceCreatePermission });
  const [open, setOpen] = useState(false);
  let unavailable: string | undefined;
  if (create.loading) {
    unavailable = t('common.checkingPermissions');
  } else if (!create.allowed) {
    unavailable = t('common.notAllowedToCreate');
  } else if (!projects) {
    unavailable = t('common.loadingProjects');
  } else if (projects.length === 0) {
    unavailable = t('common.notAssigned');
  }
  return (
    <>
      <Tooltip title={unavailable ?? t('common.createWorkspaceTooltip')}>
        <span>
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            disabled={Boolean(unavailable)}
            onClick={() => setOpen(true)}
          >
            {t('common.createWorkspace')}
          </Button>
        </span>
      </Tooltip>
      {open && (
        <WorkspaceDialog
          projects={projects ?? []}
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            onCreated();
          }}
        />
      )}
    </>
  );
}
