import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { WorkspacesApi } from '../../api';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
  visionProject,
} from '../../__testUtils__/fixtures';
import { EntityWorkspacesContent } from './EntityWorkspacesContent';

const project = visionProject;

function renderTab(entity: Entity, workspacesApi: WorkspacesApi) {
  return renderWithApis(
    <EntityProvider entity={entity}>
      <EntityWorkspacesContent />
    </EntityProvider>,
    { workspacesApi },
  );
}

describe('EntityWorkspacesContent', () => {
  it("shows the project's building blocks in its empty state", async () => {
    const workspacesApi = mockWorkspacesApi();
    await renderTab(project, workspacesApi);

    expect(await screen.findByText('No workspaces yet')).toBeInTheDocument();
    expect(workspacesApi.getBuildingBlocks).toHaveBeenCalledWith({
      project: 'system:default/vision',
    });
    expect(
      await screen.findByText('quay.io/jupyter/scipy-notebook:2025-03-14'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('4 CPU · 32Gi memory · 1 GPU (nvidia.com/gpu)'),
    ).toBeInTheDocument();
  });

  it('says plainly when no cluster is configured, and how to configure one', async () => {
    await renderTab(
      project,
      mockWorkspacesApi({ getClusters: jest.fn().mockResolvedValue([]) }),
    );

    expect(
      await screen.findByText(/No Kubernetes cluster is configured/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes.clusterLocatorMethods/),
    ).toBeInTheDocument();
  });

  it("lists the project's workspaces under a summary of what runs", async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({ items: [aWorkspace()] }),
    });
    await renderTab(project, workspacesApi);

    expect(await screen.findByText('churn-model')).toBeInTheDocument();
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledWith({
      project: 'system:default/vision',
      limit: 200,
      cursor: undefined,
    });
    const summary = within(
      await screen.findByRole('group', { name: 'Project summary' }),
    );
    expect(summary.getByText('1 of 1')).toBeInTheDocument();
    expect(summary.getByText('GPUs in use')).toBeInTheDocument();
    expect(
      screen.queryByText(/No Kubernetes cluster is configured/),
    ).not.toBeInTheDocument();
  });

  it('warns when the cluster cannot be reached', async () => {
    await renderTab(
      project,
      mockWorkspacesApi({
        listWorkspaces: jest.fn().mockResolvedValue({
          items: [
            aWorkspace({
              status: 'Unknown',
              statusMessage: 'Kubernetes API unreachable',
            }),
          ],
        }),
      }),
    );

    expect(
      await screen.findByText(/The cluster cannot be reached/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/1 workspace is in status Unknown/),
    ).toBeInTheDocument();
  });

  it('tells how to make an entity a project when it has no namespace', async () => {
    const workspacesApi = mockWorkspacesApi();
    await renderTab({ ...project, metadata: { name: 'plain' } }, workspacesApi);

    expect(
      screen.getByText('This entity is not a workspaces project'),
    ).toBeInTheDocument();
    expect(workspacesApi.listWorkspaces).not.toHaveBeenCalled();
  });

  it('shows the error of the backend', async () => {
    await renderTab(
      project,
      mockWorkspacesApi({
        listWorkspaces: jest
          .fn()
          .mockRejectedValue(
            new Error(
              'Project system:default/vision was not found in the catalog',
            ),
          ),
      }),
    );

    expect(
      await screen.findByText(
        'Error: Project system:default/vision was not found in the catalog',
      ),
    ).toBeInTheDocument();
  });
});
