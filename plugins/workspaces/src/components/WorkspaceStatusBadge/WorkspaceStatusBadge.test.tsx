import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { WORKSPACE_STATUSES } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceStatusBadge } from './WorkspaceStatusBadge';

describe('WorkspaceStatusBadge', () => {
  it.each(WORKSPACE_STATUSES.map(status => [status]))(
    'shows %s with its reason and message',
    async status => {
      await renderInTestApp(
        <WorkspaceStatusBadge
          workspace={{
            status,
            statusReason: `${status}Reason`,
            statusMessage: `the ${status} message`,
          }}
        />,
      );
      expect(screen.getByText(status)).toBeInTheDocument();
      expect(
        screen.getByLabelText(
          `${status}. ${status}Reason: the ${status} message`,
        ),
      ).toHaveAttribute('data-status', status);
    },
  );
});
