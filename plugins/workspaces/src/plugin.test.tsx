import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import {
  mockWorkspacesApi,
  renderWithApis,
  visionProject,
} from './__testUtils__/fixtures';
import { EntityWorkspacesCard } from './plugin';

describe('the legacy extensions', () => {
  it("EntityWorkspacesCard loads the project's Overview card", async () => {
    const workspacesApi = mockWorkspacesApi();
    await renderWithApis(
      <EntityProvider entity={visionProject}>
        <EntityWorkspacesCard />
      </EntityProvider>,
      { workspacesApi },
    );

    const figures = within(
      await screen.findByRole('group', { name: 'Workspaces of the project' }),
    );
    expect(figures.getByText('1 of 1')).toBeInTheDocument();
    expect(workspacesApi.getProjectSummary).toHaveBeenCalledWith(
      'system:default/vision',
    );
  });
});
