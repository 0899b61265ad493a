import { act, screen, waitFor } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { CreateWorkspaceButton } from './CreateWorkspaceButton';
import { WorkspaceDialog } from './WorkspaceDialog';

const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const projects = [{ ref: 'system:default/vision', title: 'Vision' }];

async function next() {
  await user.click(screen.getByRole('button', { name: 'Next' }));
}
async function back() {
  await user.click(screen.getByRole('button', { name: 'Back' }));
}

describe('WorkspaceDialog suggesting a name', () => {
  it('creates a workspace in 5 clicks from Create workspace, with no typing, under the first free <environment>-<n>', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({
        items: [aWorkspace({ id: 'w1', name: 'jupyterlab-1' })],
      }),
      createWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    });
    const onCreated = jest.fn();
    await renderWithApis(
      <CreateWorkspaceButton projects={projects} onCreated={onCreated} />,
      { workspacesApi },
    );
    let keys = 0;
    const countKey = () => keys++;
    document.addEventListener('keydown', countKey, true);
    let clicks = 0;
    const click = async (element: HTMLElement) => {
      clicks++;
      await user.click(element);
    };

    const create = screen.getByRole('button', { name: 'Create workspace' });
    await waitFor(() => expect(create).toBeEnabled());
    await click(create);
    // the defaults: the first environment, the first preset, the volume
    expect(
      await screen.findByRole('radio', { name: 'JupyterLab' }),
    ).toHaveAttribute('aria-checked', 'true');
    await click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('radio', { name: 'Small CPU' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByLabelText('Home at /home/jovyan')).toBeChecked();
    await click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Name/)).toHaveValue('jupyterlab-2'),
    );
    await click(screen.getByRole('button', { name: 'Create' }));
    document.removeEventListener('keydown', countKey, true);

    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(workspacesApi.createWorkspace).toHaveBeenCalledTimes(1);
    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith({
      project: 'system:default/vision',
      name: 'jupyterlab-2',
      environment: 'jupyterlab',
      compute: { preset: 'small', overrides: {} },
      dataSources: [{ id: 'home' }],
      env: [],
      start: true,
    });
    expect(clicks).toBe(5);
    expect(keys).toBe(0);
    // one query finds the names the suggestion must avoid
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledWith({
      project: 'system:default/vision',
      q: 'jupyterlab',
      limit: 200,
      cursor: undefined,
    });
  });

  it('suggests again when the environment changes, until the user types a name of their own', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({
        items: [
          aWorkspace({ id: 'w1', name: 'vscode-1' }),
          aWorkspace({ id: 'w2', name: 'jupyterlab-1' }),
        ],
      }),
    });
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );
    await user.click(await screen.findByRole('radio', { name: 'VS Code' }));
    await next();
    await next();
    await next();
    const name = () => screen.getByLabelText(/^Name/);
    await waitFor(() => expect(name()).toHaveValue('vscode-2'));

    await back();
    await back();
    await back();
    await user.click(screen.getByRole('radio', { name: 'JupyterLab' }));
    await next();
    await next();
    await next();
    await waitFor(() => expect(name()).toHaveValue('jupyterlab-2'));

    await user.clear(name());
    await user.type(name(), 'my-lab');
    await back();
    await back();
    await back();
    await user.click(screen.getByRole('radio', { name: 'VS Code' }));
    await waitFor(() =>
      expect(workspacesApi.listWorkspaces).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'vscode' }),
      ),
    );
    // the list for the new suggestion has answered, and it was applied
    const listed = workspacesApi.listWorkspaces.mock.results.at(-1)?.value;
    await act(async () => {
      await listed;
    });
    await next();
    await next();
    await next();
    expect(name()).toHaveValue('my-lab');
  });

  it('suggests nothing when editing: the name of the workspace stays', async () => {
    const workspacesApi = mockWorkspacesApi();
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        workspace={aWorkspace({ name: 'churn-model' })}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );
    await screen.findByRole('radio', { name: 'JupyterLab' });
    await next();
    await next();
    await next();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('churn-model');
    expect(workspacesApi.listWorkspaces).not.toHaveBeenCalled();
  });
});
