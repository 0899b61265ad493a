import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { WORKSPACE_STATUSES } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceStatusBadge } from './WorkspaceStatusBadge';

describe('WorkspaceStatusBadge', () => {
  it.each(WORKSPACE_STATUSES.map(status => [status]))(
    'shows %s as a text label and an icon, named with its reason and message, not by colour alone',
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
      // what screen readers get: an image named by the status and why
      const badge = screen.getByRole('img', {
        name: `${status}. ${status}Reason: the ${status} message`,
      });
      expect(badge).toHaveAttribute('data-status', status);
      // what everyone sees: the status as text, beside its icon
      const label = within(badge).getByText(status);
      expect(label).toBeVisible();
      expect(label.textContent).toBe(status);
      expect(badge.querySelector('svg')).not.toBeNull();
    },
  );

  it('names a status without a reason by its message alone', async () => {
    await renderInTestApp(
      <WorkspaceStatusBadge
        workspace={{ status: 'Running', statusMessage: 'JupyterLab is ready' }}
      />,
    );
    expect(
      screen.getByRole('img', { name: 'Running. JupyterLab is ready' }),
    ).toHaveTextContent('Running');
  });
});
