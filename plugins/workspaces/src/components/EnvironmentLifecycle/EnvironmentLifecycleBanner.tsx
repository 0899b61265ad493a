import {
  Workspace,
  WorkspaceBuildingBlocks,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useWorkspacesTranslation } from '../../translation';
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
  const { t } = useWorkspacesTranslation();
  const note = environmentLifecycleOf(props.workspace, props.blocks, t);
  if (!note) return null;
  const { replacement } = note;
  let advice = '';
  if (replacement) {
    advice = ` ${t(
      note.canUpdate ? 'lifecycle.canUpdate' : 'lifecycle.stopToUpdate',
      { replacement: replacement.title },
    )}`;
  }
  return (
    <Box mb={2}>
      <Alert severity="warning" aria-label={t('lifecycle.label')}>
        {note.text}.{advice}
      </Alert>
    </Box>
  );
}
