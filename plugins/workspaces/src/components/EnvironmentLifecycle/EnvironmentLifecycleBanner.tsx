import {
  Workspace,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { environmentLifecycleOf } from './environmentLifecycleOf';

/**
 * The warning of a workspace whose environment is deprecated, hidden,
 * replaced or gone, with what to do: the action "Update to" the
 * replacement (WorkspaceActions) once it is stopped, or Edit.
 */
export function EnvironmentLifecycleBanner(props: {
  workspace: Workspace;
  /** The project's building blocks, hidden environments included. */
  blocks: WorkspaceBuildingBlocks;
}) {
  const note = environmentLifecycleOf(props.workspace, props.blocks);
  if (!note) return null;
  const { replacement } = note;
  let advice = '';
  if (replacement) {
    advice = note.canUpdate
      ? ` Its action Update to ${replacement.title} changes it before its next start; its volumes and settings stay.`
      : ` Stop the workspace to update it to ${replacement.title}.`;
  }
  return (
    <Box mb={2}>
      <Alert severity="warning" aria-label="Environment">
        {note.text}.{advice}
      </Alert>
    </Box>
  );
}
