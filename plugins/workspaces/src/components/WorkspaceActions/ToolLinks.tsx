import { usePermission } from '@backstage/plugin-permission-react';
import {
  Workspace,
  WorkspaceTool,
  workspaceUsePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Button, Tooltip } from '@material-ui/core';
import { ToolIcon } from '../ToolIcon';
import { useWorkspacesTranslation } from '../../translation';
import { useWorkspaceActions } from './useWorkspaceActions';

/** "Open JupyterLab" buttons, usable while the workspace runs. */
export function ToolLinks(props: {
  workspace: Workspace;
  tools: WorkspaceTool[];
}) {
  const { workspace, tools } = props;
  const use = usePermission({
    permission: workspaceUsePermission,
    resourceRef: workspace.id,
  });
  const actions = useWorkspaceActions(workspace, () => {});
  const { t } = useWorkspacesTranslation();
  let unavailable: string | undefined;
  if (workspace.status !== 'Running') {
    unavailable = t('actions.tools.notRunning', {
      status: t(`status.${workspace.status}`),
    });
  } else if (!use.loading && !use.allowed) {
    unavailable = t('actions.notAllowed.use');
  }
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {tools.map(tool => (
        <Tooltip key={tool.id} title={unavailable ?? t('actions.tools.newTab')}>
          <span>
            <Button
              variant="outlined"
              color="primary"
              startIcon={<ToolIcon type={tool.type} />}
              disabled={
                Boolean(unavailable) || use.loading || Boolean(actions.busy)
              }
              onClick={() => actions.connect(tool.id)}
            >
              {t('actions.open', { tool: tool.title })}
            </Button>
          </span>
        </Tooltip>
      ))}
    </Box>
  );
}
