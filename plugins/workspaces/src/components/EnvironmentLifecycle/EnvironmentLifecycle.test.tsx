import {
  WorkspaceBuildingBlocks,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { screen, waitFor } from '@testing-library/react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { user } from '../../__testUtils__/gridInteractions';
import { englishT } from '../../__testUtils__/translation';
import { WorkspaceDialog } from '../CreateWorkspace';
import { WorkspaceActions } from '../WorkspaceActions';
import { WorkspacesGrid } from '../WorkspacesGrid';
import { EnvironmentLifecycleBanner } from './EnvironmentLifecycleBanner';
import { environmentLifecycleOf } from './environmentLifecycleOf';

/** The fixture's blocks with an old lab, deprecated for JupyterLab, and a hidden one. */
const lifecycleBlocks: WorkspaceBuildingBlocks = {
  ...blocks,
  environments: [
    ...blocks.environments,
    {
      ...blocks.environments[0],
      id: 'old-lab',
      title: 'Old lab',
      lifecycle: 'deprecated',
      replacedBy: 'jupyterlab',
    },
    {
      ...blocks.environments[0],
      id: 'older-lab',
      title: 'Older lab',
      lifecycle: 'hidden',
      replacedBy: 'jupyterlab',
    },
  ],
};

const stoppedOnOldLab = aWorkspace({
  environment: 'old-lab',
  status: 'Stopped',
  desiredState: 'Stopped',
  revision: 4,
});

describe('environmentLifecycleOf', () => {
  it('says nothing of a current environment', () => {
    expect(
      environmentLifecycleOf(aWorkspace(), lifecycleBlocks, englishT),
    ).toBeUndefined();
  });

  it('names the replacement of a deprecated or hidden one, and offers the update only while stopped', () => {
    expect(
      environmentLifecycleOf(stoppedOnOldLab, lifecycleBlocks, englishT),
    ).toMatchObject({
      kind: 'deprecated',
      text: 'Old lab: Deprecated — use JupyterLab',
      replacement: { id: 'jupyterlab' },
      canUpdate: true,
    });
    expect(
      environmentLifecycleOf(
        aWorkspace({ environment: 'older-lab' }),
        lifecycleBlocks,
        englishT,
      ),
    ).toMatchObject({
      kind: 'hidden',
      text: 'Older lab: No longer offered for new workspaces — use JupyterLab',
      canUpdate: false,
    });
  });

  it('says that an environment gone from the config is to be replaced by an edit', () => {
    expect(
      environmentLifecycleOf(
        aWorkspace({ environment: 'retired-lab' }),
        lifecycleBlocks,
        englishT,
      ),
    ).toEqual({
      kind: 'unavailable',
      text: 'The environment retired-lab is no longer available — edit the workspace to pick another',
      canUpdate: false,
    });
  });
});

describe('EnvironmentLifecycleBanner', () => {
  it('warns with the replacement, pointing a stopped workspace to Update to and a running one to a stop first', async () => {
    await renderWithApis(
      <>
        <EnvironmentLifecycleBanner
          workspace={stoppedOnOldLab}
          blocks={lifecycleBlocks}
        />
        <EnvironmentLifecycleBanner
          workspace={aWorkspace({ environment: 'old-lab' })}
          blocks={lifecycleBlocks}
        />
        <EnvironmentLifecycleBanner
          workspace={aWorkspace({ environment: 'jupyterlab' })}
          blocks={lifecycleBlocks}
        />
      </>,
      { workspacesApi: mockWorkspacesApi() },
    );

    const [stopped, running, ...others] = await screen.findAllByRole('alert', {
      name: 'Environment',
    });
    expect(stopped).toHaveTextContent(
      'Old lab: Deprecated — use JupyterLab. Its action Update to JupyterLab changes it before its next start; its volumes and settings stay.',
    );
    expect(running).toHaveTextContent(
      'Old lab: Deprecated — use JupyterLab. Stop the workspace to update it to JupyterLab.',
    );
    expect(others).toEqual([]);
  });
});

describe('the Update to action', () => {
  it('updates a stopped workspace to the replacement through the ordinary update', async () => {
    const workspacesApi = mockWorkspacesApi({
      updateWorkspace: jest.fn().mockResolvedValue(stoppedOnOldLab),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <WorkspaceActions
        workspace={stoppedOnOldLab}
        blocks={lifecycleBlocks}
        onChanged={onChanged}
      />,
      { workspacesApi },
    );

    const update = await screen.findByRole('button', {
      name: 'Update to JupyterLab',
    });
    await waitFor(() => expect(update).toBeEnabled());
    await user.click(update);
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(workspacesApi.updateWorkspace).toHaveBeenCalledWith(
      stoppedOnOldLab.id,
      { revision: 4, environment: 'jupyterlab' },
    );
  });

  it('is not offered while the workspace runs, and disabled for who may not change it', async () => {
    await renderWithApis(
      <>
        <WorkspaceActions
          workspace={aWorkspace({ environment: 'old-lab' })}
          blocks={lifecycleBlocks}
          onChanged={jest.fn()}
        />
        <WorkspaceActions
          workspace={{ ...stoppedOnOldLab, id: 'not-mine' }}
          blocks={lifecycleBlocks}
          onChanged={jest.fn()}
        />
      </>,
      {
        workspacesApi: mockWorkspacesApi(),
        allow: (permission, resourceRef) =>
          permission !== workspaceUpdatePermission.name ||
          resourceRef !== 'not-mine',
      },
    );

    const updates = await screen.findAllByRole('button', {
      name: 'Update to JupyterLab',
    });
    expect(updates).toHaveLength(1);
    await waitFor(() => expect(updates[0]).toBeDisabled());
    expect(
      screen.getByTitle('You are not allowed to update this workspace'),
    ).toBeInTheDocument();
  });
});

describe('the environment lifecycle in the grid and the stepper', () => {
  it('warns in the grid on a workspace whose environment is deprecated, with the replacement', async () => {
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[
          aWorkspace(),
          { ...stoppedOnOldLab, id: 'w2', name: 'old' },
        ]}
        blocks={lifecycleBlocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi() },
    );

    expect(
      await screen.findByRole('img', {
        name: 'Old lab: Deprecated — use JupyterLab',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('img', { name: /Deprecated/ })).toHaveLength(1);
  });

  it('shows "Deprecated — use" on the environment step, and leaves a hidden one out of a new workspace', async () => {
    const workspacesApi = mockWorkspacesApi({
      getBuildingBlocks: jest.fn(async ({ includeHidden } = {}) => ({
        ...lifecycleBlocks,
        environments: lifecycleBlocks.environments.filter(
          e => includeHidden || e.lifecycle !== 'hidden',
        ),
      })),
    });
    await renderWithApis(
      <WorkspaceDialog
        projects={[{ ref: 'system:default/vision', title: 'Vision' }]}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );

    const card = await screen.findByRole('radio', { name: 'Old lab' });
    expect(card).toHaveTextContent('Deprecated — use JupyterLab');
    expect(screen.queryByRole('radio', { name: 'Older lab' })).toBeNull();
    expect(
      screen.getByRole('radio', { name: 'JupyterLab' }),
    ).not.toHaveTextContent('Deprecated');
  });

  it('preselects a current environment for a new workspace, not a deprecated one listed first', async () => {
    const [jupyterlab, vscode, oldLab] = lifecycleBlocks.environments;
    await renderWithApis(
      <WorkspaceDialog
        projects={[{ ref: 'system:default/vision', title: 'Vision' }]}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      {
        workspacesApi: mockWorkspacesApi({
          getBuildingBlocks: jest.fn().mockResolvedValue({
            ...lifecycleBlocks,
            environments: [oldLab, jupyterlab, vscode],
          }),
        }),
      },
    );

    expect(
      await screen.findByRole('radio', { name: 'JupyterLab', checked: true }),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Old lab' })).not.toBeChecked();
  });

  it('keeps the hidden environment of the workspace being edited, and only that one', async () => {
    const workspacesApi = mockWorkspacesApi({
      getBuildingBlocks: jest.fn().mockResolvedValue(lifecycleBlocks),
    });
    await renderWithApis(
      <WorkspaceDialog
        projects={[{ ref: 'system:default/vision', title: 'Vision' }]}
        workspace={aWorkspace({
          environment: 'older-lab',
          status: 'Stopped',
          desiredState: 'Stopped',
        })}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );

    const card = await screen.findByRole('radio', { name: 'Older lab' });
    expect(card).toHaveTextContent('No longer offered — use JupyterLab');
    expect(workspacesApi.getBuildingBlocks).toHaveBeenCalledWith({
      project: 'system:default/vision',
      includeHidden: true,
    });
    // its own environment is no problem: the step can be left
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();
  });
});
