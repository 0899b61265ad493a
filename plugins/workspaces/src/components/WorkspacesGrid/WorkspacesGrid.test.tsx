import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { rowOf, user } from '../../__testUtils__/gridInteractions';
import { WorkspacesGrid } from './WorkspacesGrid';

const workspaces = [
  aWorkspace(),
  aWorkspace({
    id: 'w2',
    name: 'eda',
    project: 'system:default/fraud',
    environment: 'vscode',
    status: 'Stopped',
    desiredState: 'Stopped',
    statusMessage: 'Stopped by user:default/alice',
    resources: { cpu: '1', memory: '4Gi', gpu: 0 },
  }),
  aWorkspace({
    id: 'w3',
    name: 'broken',
    status: 'Failed',
    desiredState: 'Running',
    statusReason: 'ImagePullBackOff',
    statusMessage: 'Back-off pulling image',
  }),
];

/** A 409 as the backend answers it. */
function conflict(body: string) {
  return {
    status: 409,
    statusText: 'Conflict',
    url: 'http://localhost/api/workspaces',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () =>
      JSON.stringify({ ...JSON.parse(body), response: { statusCode: 409 } }),
  } as unknown as Response;
}

describe('WorkspacesGrid', () => {
  it('lists workspaces with status, creator, environment, tools and resources', async () => {
    await renderWithApis(
      <WorkspacesGrid
        workspaces={workspaces}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        showProject
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi() },
    );
    const row = within(rowOf('churn-model'));
    expect(row.getByText('Running')).toBeInTheDocument();
    expect(row.getByText('JupyterLab')).toBeInTheDocument();
    expect(row.getByLabelText('JupyterLab tool')).toBeInTheDocument();
    expect(row.getByText('4 CPU · 32Gi · 1 GPU')).toBeInTheDocument();
    expect(row.getByText('bob')).toBeInTheDocument();
    expect(row.getByText('vision')).toBeInTheDocument();
    expect(screen.getByText('churn-model').closest('a')).toHaveAttribute(
      'href',
      '/workspaces/w1',
    );
    expect(
      within(rowOf('broken')).getByLabelText(
        'Failed. ImagePullBackOff: Back-off pulling image',
      ),
    ).toBeInTheDocument();
  });

  const renderGrid = () =>
    renderWithApis(
      <WorkspacesGrid
        workspaces={workspaces}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        showProject
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi() },
    );

  it('searches the names of the listed workspaces', async () => {
    await renderGrid();

    // the search field as a paste would fill it: one change, not a render per key
    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'churn' },
    });
    await waitFor(() =>
      expect(screen.queryByText('broken')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('churn-model')).toBeInTheDocument();
  });

  it('offers the actions of each state: stop and open tools when running, start when stopped', async () => {
    const workspacesApi = mockWorkspacesApi();
    const onChanged = jest.fn();
    await renderWithApis(
      <WorkspacesGrid
        workspaces={workspaces}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={onChanged}
        onEdit={jest.fn()}
      />,
      { workspacesApi },
    );
    const running = within(rowOf('churn-model'));
    await waitFor(() =>
      expect(running.getByRole('button', { name: 'Stop' })).toBeEnabled(),
    );
    expect(
      running.getByRole('button', { name: 'Open JupyterLab tool' }),
    ).toBeEnabled();
    expect(
      running.queryByRole('button', { name: 'Start' }),
    ).not.toBeInTheDocument();

    const stopped = within(rowOf('eda'));
    expect(
      stopped.queryByRole('button', { name: 'Open VS Code' }),
    ).not.toBeInTheDocument();
    await user.click(stopped.getByRole('button', { name: 'Start' }));
    expect(workspacesApi.startWorkspace).toHaveBeenCalledWith('w2');
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('opens a tool in a new tab at the URL the backend gives, without the opener', async () => {
    const tab = { opener: window, location: { href: '' }, close: jest.fn() };
    const open = jest.spyOn(window, 'open').mockReturnValue(tab as any);
    const workspacesApi = mockWorkspacesApi({
      connectTool: jest.fn().mockResolvedValue({
        url: 'http://localhost:7007/api/workspaces/connect/w1/jupyterlab/?workspaces-link=abc',
        mode: 'proxy',
      }),
    });
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[workspaces[0]]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi },
    );
    const button = within(rowOf('churn-model')).getByRole('button', {
      name: 'Open JupyterLab tool',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);

    expect(open).toHaveBeenCalledWith('', '_blank');
    expect(workspacesApi.connectTool).toHaveBeenCalledWith('w1', 'jupyterlab');
    await waitFor(() =>
      expect(tab.location.href).toBe(
        'http://localhost:7007/api/workspaces/connect/w1/jupyterlab/?workspaces-link=abc',
      ),
    );
    expect(tab.opener).toBeNull();
    open.mockRestore();
  });

  it('disables what the user may not do, saying why', async () => {
    // a workspace of its own: decisions are cached per workspace id
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[aWorkspace({ id: 'w-denied' })]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
        onEdit={jest.fn()}
      />,
      {
        workspacesApi: mockWorkspacesApi(),
        allow: permission => permission === 'workspace.use',
      },
    );
    const row = within(rowOf('churn-model'));
    await waitFor(() =>
      expect(row.getByRole('button', { name: 'Stop' })).toBeDisabled(),
    );
    expect(row.getByRole('button', { name: 'Edit' })).toBeDisabled();
    expect(row.getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(
      row.getByRole('button', { name: 'Open JupyterLab tool' }),
    ).toBeEnabled();
    await user.hover(
      row.getByRole('button', { name: 'Delete' }).parentElement!,
    );
    expect(
      await screen.findByText('You are not allowed to delete this workspace'),
    ).toBeInTheDocument();
  });

  it('deletes only after a confirmation that names the workspace and the data lost', async () => {
    const workspacesApi = mockWorkspacesApi();
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[workspaces[0]]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi },
    );
    const row = within(rowOf('churn-model'));
    await waitFor(() =>
      expect(row.getByRole('button', { name: 'Delete' })).toBeEnabled(),
    );
    await user.click(row.getByRole('button', { name: 'Delete' }));
    const dialog = within(screen.getByRole('dialog'));
    expect(
      dialog.getByText('Delete workspace churn-model?'),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(/deleted with it: Home \(10Gi, \/home\/jovyan\)/),
    ).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(workspacesApi.deleteWorkspace).not.toHaveBeenCalled();

    await user.click(row.getByRole('button', { name: 'Delete' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete churn-model',
      }),
    );
    expect(workspacesApi.deleteWorkspace).toHaveBeenCalledWith('w1');
  });
});

describe('WorkspacesGrid refusals', () => {
  it("shows the backend's reason when a start is refused, e.g. the quota", async () => {
    const message =
      'Not enough quota: ResourceQuota compute in namespace vision: requests.nvidia.com/gpu asked 1, used 4, hard 4';
    const alertApi = { post: jest.fn(), alert$: jest.fn() };
    const workspacesApi = mockWorkspacesApi({
      startWorkspace: jest
        .fn()
        .mockRejectedValue(
          await ResponseError.fromResponse(
            conflict(
              JSON.stringify({ error: { name: 'ConflictError', message } }),
            ),
          ),
        ),
    });
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[workspaces[1]]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi, apis: [[alertApiRef, alertApi]] },
    );
    await user.click(
      within(rowOf('eda')).getByRole('button', { name: 'Start' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message: `Could not start eda: ${message}`,
        severity: 'error',
      }),
    );
  });
});
