import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  Workspace,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Tooltip } from '@material-ui/core';
import { ComponentType, PropsWithChildren } from 'react';
import { useWorkspacesTranslation } from '../../translation';

const indicators: Record<WorkspaceStatus, ComponentType<PropsWithChildren>> = {
  Creating: StatusRunning,
  Pending: StatusPending,
  Initializing: StatusRunning,
  Running: StatusOK,
  Degraded: StatusWarning,
  Stopping: StatusRunning,
  Stopped: StatusAborted,
  Failed: StatusError,
  Deleting: StatusRunning,
  Unknown: StatusWarning,
};

/**
 * A workspace's status as text and an icon of its colour, never the colour
 * alone; the reason and message show on hover and to screen readers (the
 * span is an image with that name, since Backstage's indicator hides its
 * text from them).
 */
export function WorkspaceStatusBadge(props: {
  workspace: Pick<Workspace, 'status' | 'statusReason' | 'statusMessage'>;
}) {
  const { status, statusReason, statusMessage } = props.workspace;
  const { t } = useWorkspacesTranslation();
  // an unknown status (a newer backend) shows as it comes
  const label = indicators[status] ? t(`status.${status}`) : status;
  const Indicator = indicators[status] ?? StatusWarning;
  const explanation = statusReason
    ? `${statusReason}: ${statusMessage}`
    : statusMessage;
  return (
    <Tooltip title={explanation}>
      <span
        role="img"
        aria-label={`${label}. ${explanation}`}
        data-status={status}
      >
        <Indicator>{label}</Indicator>
      </span>
    </Tooltip>
  );
}
