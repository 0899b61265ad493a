import { usePermission } from '@backstage/plugin-permission-react';
import { workspaceCreatePermission } from '@backstage-workspaces/plugin-workspaces-common';
import { Button, Tooltip } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
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
  const create = usePermission({ permission: workspaceCreatePermission });
  const [open, setOpen] = useState(false);
  let unavailable: string | undefined;
  if (create.loading) {
    unavailable = 'Checking your permissions…';
  } else if (!create.allowed) {
    unavailable = 'You are not allowed to create workspaces';
  } else if (!projects) {
    unavailable = 'Loading your projects…';
  } else if (projects.length === 0) {
    unavailable = 'You are not assigned to a project';
  }
  return (
    <>
      <Tooltip title={unavailable ?? 'Create a workspace'}>
        <span>
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            disabled={Boolean(unavailable)}
            onClick={() => setOpen(true)}
          >
            Create workspace
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
