import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { WorkspaceDetailsPage } from '../WorkspaceDetailsPage';

// A file of its own: the permission API's answers are cached per test file
// (usePermission's SWR cache), and the other Duplicate tests may create.
describe('Duplicate for a user who may not create workspaces', () => {
  it('is disabled, saying why, for a user who may not create workspaces', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    });
    await renderWithApis(
      <Routes>
        <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
      </Routes>,
      {
        workspacesApi,
        routeEntries: ['/w1'],
        allow: permission => permission !== 'workspace.create',
      },
    );
    // disabled while the permission is checked too: wait for the reason
    expect(
      await screen.findByTitle('You are not allowed to create workspaces'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Duplicate' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeEnabled();
  });
});
