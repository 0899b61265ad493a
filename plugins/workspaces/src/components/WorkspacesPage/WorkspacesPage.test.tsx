import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { choose, namesInGrid } from '../../__testUtils__/gridInteractions';
import { ListWorkspacesOptions } from '../../api';
import { WorkspacesPage } from './WorkspacesPage';

// no pause between a user's events, and no check of each element's CSS
// pointer-events (a getComputedStyle up the tree per event): the tests must
// not wait on a busy machine's timers, nor spend it on styles
const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

function project(name: string, owner: string, members?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      annotations: {
        'backstage.io/kubernetes-namespace': `ns-${name}`,
        ...(members && { 'workspaces.backstage.io/members': members }),
      },
    },
    spec: { owner },
  };
}

const entities = [
  project('fraud-detection', 'ml-team'),
  project('image-classifier', 'vision-team'),
  project('llm-playground', 'platform-admins', 'group:default/ml-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website' },
    spec: { owner: 'ml-team' },
  },
];

function renderPage(
  ownershipEntityRefs: string[],
  workspacesApi = mockWorkspacesApi(),
) {
  const identityApi = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    }),
  };
  return renderWithApis(<WorkspacesPage />, {
    workspacesApi,
    apis: [
      [catalogApiRef, catalogApiMock({ entities })],
      [identityApiRef, identityApi],
    ],
  });
}

describe('WorkspacesPage', () => {
  it('shows the workspaces of all projects with their project', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({
        items: [
          aWorkspace({ project: 'system:default/fraud-detection' }),
          aWorkspace({
            id: 'w2',
            name: 'llm-eval',
            project: 'system:default/llm-playground',
          }),
        ],
      }),
    });
    await renderPage(
      ['user:default/alice', 'group:default/ml-team'],
      workspacesApi,
    );

    expect(await screen.findByText('churn-model')).toBeInTheDocument();
    const row = within(screen.getByText('llm-eval').closest('tr')!);
    expect(row.getByText('llm-playground')).toBeInTheDocument();
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledWith({
      project: undefined,
      limit: 200,
      cursor: undefined,
    });
  });

  it('creates in one of the projects the user is assigned to, as owner or member', async () => {
    await renderPage(['user:default/alice', 'group:default/ml-team']);

    await user.click(
      await screen.findByRole('button', { name: 'Create workspace' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    await user.click(dialog.getByLabelText('Project'));
    const options = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(options).toEqual(['fraud-detection', 'llm-playground']);
  });

  it('tells users without projects how to get assigned', async () => {
    await renderPage(['user:default/dave', 'group:default/sales']);

    expect(
      await screen.findByText(/You are not assigned to any project/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create workspace' }),
    ).toBeDisabled();
  });

  it('lists again with the sort and filters the user picks, in the order the backend gives', async () => {
    const small = aWorkspace({
      id: 'w1',
      name: 'small-one',
      project: 'system:default/fraud-detection',
      resources: { cpu: '1', memory: '4Gi', gpu: 0 },
    });
    const big = aWorkspace({
      id: 'w2',
      name: 'big-one',
      project: 'system:default/fraud-detection',
      createdBy: 'user:default/carol',
      resources: { cpu: '8', memory: '64Gi', gpu: 4 },
      node: 'gpu-0',
    });
    const listWorkspaces = jest.fn(
      async (options: ListWorkspacesOptions = {}) => {
        if (options.node) return { items: [] };
        if (options.createdBy) return { items: [big] };
        return { items: options.sort === 'gpus' ? [big, small] : [small, big] };
      },
    );
    await renderPage(
      ['user:default/alice', 'group:default/ml-team'],
      mockWorkspacesApi({ listWorkspaces }),
    );
    await screen.findByText('small-one');
    const names = ['small-one', 'big-one'];
    expect(namesInGrid(names)).toEqual(['small-one', 'big-one']);

    await user.click(
      within(document.querySelector('thead')!).getByRole('button', {
        name: 'GPUs',
      }),
    );
    await waitFor(() =>
      expect(namesInGrid(names)).toEqual(['big-one', 'small-one']),
    );
    expect(listWorkspaces).toHaveBeenLastCalledWith({
      project: undefined,
      sort: 'gpus',
      order: 'desc',
      limit: 200,
      cursor: undefined,
    });

    await choose('Created by', 'carol');
    await waitFor(() => expect(namesInGrid(names)).toEqual(['big-one']));
    expect(listWorkspaces).toHaveBeenLastCalledWith(
      expect.objectContaining({
        createdBy: 'user:default/carol',
        sort: 'gpus',
      }),
    );

    // a filter that matches nothing keeps the grid and its filters
    await choose('Node', 'gpu-0');
    await waitFor(() => expect(namesInGrid(names)).toEqual([]));
    expect(screen.getByLabelText('Node')).toBeInTheDocument();
    expect(screen.queryByText('No workspaces yet')).not.toBeInTheDocument();
  });
});
