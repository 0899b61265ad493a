import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import {
  mockWorkspacesApi,
  renderWithApis,
  visionProject,
} from '../../__testUtils__/fixtures';
import { EntityWorkspacesCard } from './EntityWorkspacesCard';

// A file of its own: the permission API's answers are cached per test file
// (usePermission's SWR cache), and the other tests' card may create.
describe('EntityWorkspacesCard for a user who may not create workspaces', () => {
  it('disables Create workspace and says why', async () => {
    await renderWithApis(
      <EntityProvider entity={visionProject}>
        <EntityWorkspacesCard />
      </EntityProvider>,
      {
        workspacesApi: mockWorkspacesApi(),
        allow: permission => permission !== 'workspace.create',
      },
    );

    const create = await screen.findByRole('button', {
      name: 'Create workspace',
    });
    await waitFor(() => expect(create).toBeDisabled());
    expect(
      screen.getByTitle('You are not allowed to create workspaces'),
    ).toBeInTheDocument();
  });
});
