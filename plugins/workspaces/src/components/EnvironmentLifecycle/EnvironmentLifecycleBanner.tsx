import { usePermission } from '@backstage/plugin-permission-react';
import {
  Workspace,
  WorkspaceBuildingBlocks,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { environmentLifecycleOf } from './environmentLifecycleOf';
import { useUpdateToReplacement } from './useUpdateToReplacement';

/**
 * The warning of a workspace whose environment is deprecated, hidden,
 * replaced or gone; for a stopped one with a replacement, a button that
 * updates it to the replacement before its next start.
 */
export function EnvironmentLifecycleBanner(props: {
  workspace: Workspace;
  /** The project's building blocks, hidden environments included. */
  blocks: WorkspaceBuildingBlocks;
  onChanged(workspace: Workspace): void;
}) {
  const { workspace, blocks, onChanged } = props;
  const note = environmentLifecycleOf(workspace, blocks);
  const permission = usePermission({
    permission: workspaceUpdatePermission,
    resourceRef: workspace.id,
  });
  const { update, busy, error } = useUpdateToReplacement(workspace, onChanged);
  if (!note) return null;
  const replacement = note.replacement;
  const offer = note.canUpdate && replacement && permission.allowed;
  return (
    <Alert
      severity="warning"
      aria-label="Environment"
      action={
        offer && (
          <Button
            color="inherit"
            size="small"
            disabled={busy}
            onClick={() => update(replacement.id)}
          >
            Update to {replacement.title}
          </Button>
        )
      }
    >
      {note.text}.
      {offer &&
        ` Updating keeps the workspace's volumes and settings; it runs ${replacement.title} at its next start.`}
      {replacement &&
        !note.canUpdate &&
        ` Stop the workspace to update it to ${replacement.title}.`}
      {error && <div>{error}</div>}
    </Alert>
  );
}
