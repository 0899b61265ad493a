import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesApi, workspacesApiRef } from '../../api';
import { EntityWorkspacesContent } from './EntityWorkspacesContent';

const project: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'vision',
    title: 'Vision',
    annotations: { 'backstage.io/kubernetes-namespace': 'vision' },
  },
  spec: { owner: 'vision-team' },
};

const blocks: WorkspaceBuildingBlocks = {
  environments: [
    {
      id: 'jupyterlab',
      title: 'JupyterLab',
      image: 'quay.io/jupyter/scipy-notebook:2025-03-14',
      imagePullPolicy: 'IfNotPresent',
      env: {},
      tools: [
        {
          id: 'jupyterlab',
          type: 'jupyterlab',
          title: 'JupyterLab tool',
          port: 8888,
        },
      ],
      scope: { kind: 'all' },
    },
  ],
  computePresets: [
    {
      id: 'gpu-1',
      title: '1 GPU',
      cpu: { request: '4' },
      memory: { request: '32Gi' },
      gpu: { count: 1, resourceName: 'nvidia.com/gpu', nodeSelector: {} },
      overrides: {},
      scope: { kind: 'all' },
    },
  ],
  dataSources: [],
};

function renderTab(entity: Entity, api: Partial<WorkspacesApi>) {
  const withClusters = {
    getClusters: jest.fn().mockResolvedValue([{ name: 'local' }]),
    listWorkspaces: jest.fn().mockResolvedValue({ items: [] }),
    ...api,
  };
  return renderInTestApp(
    <TestApiProvider apis={[[workspacesApiRef, withClusters]]}>
      <EntityProvider entity={entity}>
        <EntityWorkspacesContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityWorkspacesContent', () => {
  it("shows the project's building blocks in its empty state", async () => {
    const getBuildingBlocks = jest.fn().mockResolvedValue(blocks);
    await renderTab(project, { getBuildingBlocks });

    expect(
      await screen.findByText('No workspaces in this project yet'),
    ).toBeInTheDocument();
    expect(getBuildingBlocks).toHaveBeenCalledWith({
      project: 'system:default/vision',
    });
    expect(
      screen.getByText('quay.io/jupyter/scipy-notebook:2025-03-14'),
    ).toBeInTheDocument();
    expect(screen.getByText('JupyterLab tool')).toBeInTheDocument();
    expect(
      screen.getByText('4 CPU · 32Gi memory · 1 GPU (nvidia.com/gpu)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No data sources are available to this project.'),
    ).toBeInTheDocument();
  });

  it('says plainly when no cluster is configured, and how to configure one', async () => {
    await renderTab(project, {
      getBuildingBlocks: jest.fn().mockResolvedValue(blocks),
      getClusters: jest.fn().mockResolvedValue([]),
    });

    expect(
      await screen.findByText(/No Kubernetes cluster is configured/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes.clusterLocatorMethods/),
    ).toBeInTheDocument();
  });

  it('shows no cluster warning when a cluster is configured', async () => {
    await renderTab(project, {
      getBuildingBlocks: jest.fn().mockResolvedValue(blocks),
    });

    expect(
      await screen.findByText('No workspaces in this project yet'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No Kubernetes cluster is configured/),
    ).not.toBeInTheDocument();
  });

  it("lists the project's workspaces with their status and resources", async () => {
    const listWorkspaces = jest.fn().mockResolvedValue({
      items: [
        {
          id: 'w1',
          name: 'churn-model',
          project: 'system:default/vision',
          namespace: 'vision',
          environment: 'jupyterlab',
          compute: { preset: 'gpu-1' },
          resources: { cpu: '4', memory: '32Gi', gpu: 1 },
          dataSources: [],
          env: [],
          desiredState: 'Running',
          status: 'Running',
          statusMessage: 'Running on node gpu-0',
          statusSince: '2026-11-28T00:00:00Z',
          pendingRestart: false,
          createdBy: 'user:default/bob',
          createdAt: '2026-11-28T00:00:00Z',
          updatedAt: '2026-11-28T00:00:00Z',
          revision: 1,
        },
      ],
    });
    await renderTab(project, {
      getBuildingBlocks: jest.fn().mockResolvedValue(blocks),
      listWorkspaces,
    });

    expect(await screen.findByText('churn-model')).toBeInTheDocument();
    expect(listWorkspaces).toHaveBeenCalledWith({
      project: 'system:default/vision',
      limit: 200,
    });
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.getByText('4 CPU · 32Gi · 1 GPU')).toBeInTheDocument();
    expect(screen.getByText('user:default/bob')).toBeInTheDocument();
    expect(
      screen.queryByText('No workspaces in this project yet'),
    ).not.toBeInTheDocument();
  });

  it('tells how to make an entity a project when it has no namespace', async () => {
    const getBuildingBlocks = jest.fn();
    await renderTab(
      { ...project, metadata: { name: 'plain' } },
      { getBuildingBlocks },
    );

    expect(
      screen.getByText('This entity is not a workspaces project'),
    ).toBeInTheDocument();
    expect(getBuildingBlocks).not.toHaveBeenCalled();
  });

  it('shows the error of the backend', async () => {
    const getBuildingBlocks = jest
      .fn()
      .mockRejectedValue(
        new Error('Project system:default/vision was not found in the catalog'),
      );
    await renderTab(project, { getBuildingBlocks });

    expect(
      await screen.findByText(
        'Error: Project system:default/vision was not found in the catalog',
      ),
    ).toBeInTheDocument();
  });
});
