import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
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
import { WorkspacesApi } from '../../api';

// no pause between a user's events, and no check of each element's CSS
// pointer-events (a getComputedStyle up the tree per event): the tests must
// not wait on a busy machine's timers, nor spend it on styles
const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const projects = [{ ref: 'system:default/vision', title: 'Vision' }];

async function next() {
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

/** From the environment step to the name step, with what is chosen. */
async function toNameStep() {
  await next();
  await next();
  await next();
}

/** From the name step back to the environment step. */
async function backToEnvironment() {
  for (let i = 0; i < 3; i++) {
    await user.click(screen.getByRole('button', { name: 'Back' }));
  }
}

/** The create dialog for the fixtures' project. */
async function renderCreateDialog(workspacesApi: WorkspacesApi) {
  await renderWithApis(
    <WorkspaceDialog
      projects={projects}
      onClose={jest.fn()}
      onSaved={jest.fn()}
    />,
    { workspacesApi },
  );
}

/** Types a name of the user's own in place of the suggested one. */
async function typeName(name: string) {
  const field = screen.getByLabelText(/^Name/);
  await waitFor(() => expect(field).not.toHaveValue(''));
  await user.clear(field);
  await user.type(field, name);
}

describe('WorkspaceDialog', () => {
  it('walks through environment, compute, data and name, then creates and starts', async () => {
    const workspacesApi = mockWorkspacesApi({
      createWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    });
    const onSaved = jest.fn();
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        onClose={jest.fn()}
        onSaved={onSaved}
      />,
      { workspacesApi },
    );
    await user.click(await screen.findByRole('radio', { name: 'VS Code' }));
    expect(screen.getByText('codercom/code-server:4.96.4')).toBeInTheDocument();
    await next();
    await user.click(screen.getByRole('radio', { name: '1 GPU' }));
    expect(screen.getByText('4 CPU · 32Gi memory · 1 GPU')).toBeInTheDocument();
    await next();
    expect(screen.getByLabelText('Home at /home/jovyan')).toBeChecked();
    await next();
    await typeName('gpu-train');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(workspacesApi.createWorkspace).toHaveBeenCalledWith({
      project: 'system:default/vision',
      name: 'gpu-train',
      environment: 'vscode',
      compute: { preset: 'gpu-1', overrides: {} },
      dataSources: [{ id: 'home' }],
      env: [],
      start: true,
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
  });

  it('shows a problem at its field as the user types, and holds the step', async () => {
    await renderCreateDialog(mockWorkspacesApi());
    await screen.findByRole('radio', { name: 'JupyterLab' });
    await next();
    const cpu = screen.getByLabelText('CPU');
    await user.type(cpu, '16');
    expect(
      screen.getByText(
        '16 is outside the range 500m to 4 that compute preset small allows',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.clear(cpu);
    await user.type(cpu, '2');
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();

    await next();
    await next();
    await typeName('Not_Valid');
    expect(
      screen.getByText(/'Not_Valid' is not a valid workspace name/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create' })).toBeDisabled();
  });

  it("shows the backend's 400 at the field it names, on its step", async () => {
    const body = {
      error: {
        name: 'InputError',
        message:
          'dataSources[0].size: 40Gi is larger than 30Gi, the most data source home allows',
      },
      response: { statusCode: 400 },
    };
    const workspacesApi = mockWorkspacesApi({
      createWorkspace: jest.fn().mockRejectedValue(
        // a response as the browser's fetch gives it
        await ResponseError.fromResponse({
          ok: false,
          status: 400,
          statusText: 'Bad Request',
          url: 'http://localhost:7007/api/workspaces/workspaces',
          headers: new Headers({ 'Content-Type': 'application/json' }),
          text: async () => JSON.stringify(body),
        } as Response),
      ),
    });
    await renderCreateDialog(workspacesApi);
    await screen.findByRole('radio', { name: 'JupyterLab' });
    await toNameStep();
    await typeName('big-data');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(
      await screen.findByText(
        '40Gi is larger than 30Gi, the most data source home allows',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Size of Home')).toBeInTheDocument();
  });

  it('edits a workspace with its revision, keeping stored secrets', async () => {
    const workspace = aWorkspace({
      compute: { preset: 'small' },
      env: [{ name: 'TOKEN', secret: true }],
      revision: 7,
    });
    const workspacesApi = mockWorkspacesApi({
      updateWorkspace: jest.fn().mockResolvedValue(workspace),
    });
    await renderWithApis(
      <WorkspaceDialog
        projects={projects}
        workspace={workspace}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { workspacesApi },
    );
    expect(
      screen.getByText(
        /churn-model is running: changes apply when it next starts/,
      ),
    ).toBeInTheDocument();
    await screen.findByRole('radio', { name: 'JupyterLab' });
    await next();
    await user.type(screen.getByLabelText('CPU'), '3');
    await next();
    await next();
    expect(screen.getByLabelText(/^Name/)).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(workspacesApi.updateWorkspace).toHaveBeenCalledWith('w1', {
      revision: 7,
      environment: 'jupyterlab',
      compute: { preset: 'small', overrides: { cpu: '3' } },
      dataSources: [{ id: 'home' }],
      env: [{ name: 'TOKEN', secret: true }],
    });
    expect(
      within(screen.getByRole('dialog')).getByText('Edit churn-model'),
    ).toBeInTheDocument();
  });
});

describe('WorkspaceDialog quota', () => {
  it("shows the project's remaining quota at the compute step, and warns when the GPUs don't fit", async () => {
    const workspacesApi = mockWorkspacesApi({
      getProjectQuota: jest.fn().mockResolvedValue({
        project: 'system:default/vision',
        namespace: 'vision',
        items: [
          {
            scope: 'namespace',
            name: 'ResourceQuota compute in namespace vision',
            resource: 'requests.nvidia.com/gpu',
            hard: '4',
            used: '4',
            remaining: '0',
          },
          {
            scope: 'user',
            name: 'the limit of user:default/bob (workspaces.quotas.perUser)',
            resource: 'workspaces',
            hard: '3',
            used: '1',
            remaining: '2',
          },
        ],
      }),
    });
    await renderCreateDialog(workspacesApi);
    await user.click(await screen.findByRole('radio', { name: 'JupyterLab' }));
    await next();
    expect(workspacesApi.getProjectQuota).toHaveBeenCalledWith(
      'system:default/vision',
    );
    const quota = within(
      await screen.findByRole('region', { name: 'Remaining quota' }),
    );
    expect(
      quota.getByText(
        'nvidia.com/gpu (GPUs): 0 of 4 left (ResourceQuota compute in namespace vision)',
      ),
    ).toBeInTheDocument();
    expect(
      quota.getByText(
        'Running workspaces: 2 of 3 left (the limit of user:default/bob (workspaces.quotas.perUser))',
      ),
    ).toBeInTheDocument();
    expect(quota.queryByRole('alert')).toBeNull();

    await user.click(screen.getByRole('radio', { name: '1 GPU' }));
    expect(quota.getByRole('alert')).toHaveTextContent(
      '1 GPU asks for 1 GPU, but only 0 remain under ResourceQuota compute in namespace vision: starting it would be refused.',
    );
  });
});

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
    await renderCreateDialog(workspacesApi);
    await user.click(await screen.findByRole('radio', { name: 'VS Code' }));
    await toNameStep();
    const name = () => screen.getByLabelText(/^Name/);
    await waitFor(() => expect(name()).toHaveValue('vscode-2'));

    await backToEnvironment();
    await user.click(screen.getByRole('radio', { name: 'JupyterLab' }));
    await toNameStep();
    await waitFor(() => expect(name()).toHaveValue('jupyterlab-2'));

    await user.clear(name());
    await user.type(name(), 'my-lab');
    await backToEnvironment();
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
    await toNameStep();
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
    await toNameStep();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('churn-model');
    expect(workspacesApi.listWorkspaces).not.toHaveBeenCalled();
  });
});
