import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  WORKSPACES_SIGNAL_CHANNEL,
  WorkspaceChangedSignal,
} from '@backstage-workspaces/plugin-workspaces-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { WorkspacesApi } from '../../api';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
  visionProject,
} from '../../__testUtils__/fixtures';
import { EntityWorkspacesCard } from './EntityWorkspacesCard';

const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const project = visionProject;

const summary = (running: number, total: number, gpu: number) => ({
  project: 'system:default/vision',
  countsByStatus: { Running: running, Stopped: total - running },
  running: { workspaces: running, cpu: '8', memory: '64Gi', gpu },
});

/** A signal API whose `emit` plays the backend's workspace-changed signal. */
function fakeSignals() {
  const listeners = new Set<(message: WorkspaceChangedSignal) => void>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        if (channel === WORKSPACES_SIGNAL_CHANNEL) listeners.add(onMessage);
        return { unsubscribe: () => listeners.delete(onMessage) };
      },
    },
    emit: (message: WorkspaceChangedSignal) =>
      act(() => listeners.forEach(listener => listener(message))),
  };
}

function renderCard(
  workspacesApi: WorkspacesApi,
  options: {
    allow?: (permission: string) => boolean;
    signals?: ReturnType<typeof fakeSignals>;
  } = {},
) {
  return renderWithApis(
    <EntityProvider entity={project}>
      <EntityWorkspacesCard />
    </EntityProvider>,
    {
      workspacesApi,
      allow: options.allow,
      apis: options.signals ? [[signalApiRef, options.signals.api]] : [],
    },
  );
}

describe('EntityWorkspacesCard', () => {
  it('shows running of total workspaces and the GPUs in use against the tightest project quota', async () => {
    const workspacesApi = mockWorkspacesApi({
      getProjectSummary: jest.fn().mockResolvedValue(summary(2, 5, 3)),
      getProjectQuota: jest.fn().mockResolvedValue({
        project: 'system:default/vision',
        namespace: 'vision',
        items: [
          {
            scope: 'namespace',
            name: 'gpu-quota',
            resource: 'requests.nvidia.com/gpu',
            hard: '8',
            used: '3',
            remaining: '5',
          },
          {
            scope: 'project',
            name: 'workspaces.quotas.perProject.gpus',
            resource: 'gpus',
            hard: '4',
            used: '3',
            remaining: '1',
          },
          // a user's own limit is not the project's quota
          {
            scope: 'user',
            name: 'workspaces.quotas.perUser.gpus',
            resource: 'gpus',
            hard: '2',
            used: '0',
            remaining: '2',
          },
        ],
      }),
    });
    await renderCard(workspacesApi);

    const figures = within(
      await screen.findByRole('group', { name: 'Workspaces of the project' }),
    );
    expect(figures.getByText('2 of 5')).toBeInTheDocument();
    expect(figures.getByText('3 of 4')).toBeInTheDocument();
    expect(
      figures.getByText("GPUs in use of the project's quota"),
    ).toBeInTheDocument();
    expect(
      figures.getByTitle(
        'The tightest GPU limit: workspaces.quotas.perProject.gpus',
      ),
    ).toBeInTheDocument();
    expect(workspacesApi.getProjectQuota).toHaveBeenCalledWith(
      'system:default/vision',
    );
  });

  it('shows the GPUs in use without a quota when nothing limits them or the quota cannot be read', async () => {
    await renderCard(
      mockWorkspacesApi({
        getProjectSummary: jest.fn().mockResolvedValue(summary(1, 1, 2)),
        getProjectQuota: jest
          .fn()
          .mockRejectedValue(new Error('No cluster is configured')),
      }),
    );

    const figures = within(
      await screen.findByRole('group', { name: 'Workspaces of the project' }),
    );
    expect(figures.getByText('GPUs in use')).toBeInTheDocument();
    expect(figures.getByText('2')).toBeInTheDocument();
  });

  it('lists the three most recently changed workspaces with their status, and Open buttons for the running ones', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({
        items: [
          aWorkspace({ id: 'w1', name: 'churn-model' }),
          aWorkspace({
            id: 'w2',
            name: 'vit-finetune',
            environment: 'vscode',
            status: 'Failed',
            statusReason: 'CrashLoopBackOff',
            statusMessage: 'The tool exited with code 1',
          }),
          aWorkspace({
            id: 'w3',
            name: 'notes',
            desiredState: 'Stopped',
            status: 'Stopped',
            statusMessage: 'Stopped by bob',
          }),
        ],
      }),
    });
    await renderCard(workspacesApi);

    const list = within(
      await screen.findByRole('list', { name: 'Recently changed workspaces' }),
    );
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledWith({
      project: 'system:default/vision',
      sort: 'updatedAt',
      order: 'desc',
      limit: 3,
    });
    expect(
      list
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual(['churn-model', 'vit-finetune', 'notes']);

    const running = within(list.getByRole('listitem', { name: 'churn-model' }));
    expect(running.getByRole('link', { name: 'churn-model' })).toHaveAttribute(
      'href',
      '/workspaces/w1',
    );
    expect(running.getByText('Running')).toBeInTheDocument();
    const open = await running.findByRole('button', {
      name: 'Open JupyterLab tool',
    });
    await waitFor(() => expect(open).toBeEnabled());

    const failed = within(list.getByRole('listitem', { name: 'vit-finetune' }));
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.queryByRole('button', { name: /^Open/ })).toBeNull();
    const stopped = within(list.getByRole('listitem', { name: 'notes' }));
    expect(stopped.getByText('Stopped')).toBeInTheDocument();
    expect(stopped.queryByRole('button', { name: /^Open/ })).toBeNull();
  });

  it('opens a running tool through the backend', async () => {
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({ items: [aWorkspace()] }),
      connectTool: jest
        .fn()
        .mockResolvedValue({ url: 'http://tool.localhost/open' }),
    });
    const opened = jest.spyOn(window, 'open').mockReturnValue(null);
    try {
      await renderCard(workspacesApi);
      const open = await screen.findByRole('button', {
        name: 'Open JupyterLab tool',
      });
      await waitFor(() => expect(open).toBeEnabled());
      await user.click(open);
      await waitFor(() =>
        expect(workspacesApi.connectTool).toHaveBeenCalledWith(
          'w1',
          'jupyterlab',
        ),
      );
    } finally {
      opened.mockRestore();
    }
  });

  it('creates a workspace in this project from the dialog, and then lists it', async () => {
    const created = aWorkspace({ id: 'w9', name: 'gpu-train' });
    const workspacesApi = mockWorkspacesApi({
      createWorkspace: jest.fn().mockResolvedValue(created),
    });
    await renderCard(workspacesApi);

    expect(await screen.findByText(/No workspaces yet/)).toBeInTheDocument();
    await user.click(
      await screen.findByRole('button', { name: 'Create workspace' }),
    );
    await user.click(await screen.findByRole('radio', { name: 'JupyterLab' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('radio', { name: 'Small CPU' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const name = screen.getByLabelText(/^Name/);
    // in place of the suggested name
    await waitFor(() => expect(name).toHaveValue('jupyterlab-1'));
    await user.clear(name);
    await user.type(name, 'gpu-train');
    workspacesApi.listWorkspaces.mockResolvedValue({ items: [created] });
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() =>
      expect(workspacesApi.createWorkspace).toHaveBeenCalledWith(
        expect.objectContaining({
          project: 'system:default/vision',
          name: 'gpu-train',
        }),
      ),
    );
    const list = await screen.findByRole('list', {
      name: 'Recently changed workspaces',
    });
    expect(
      within(list).getByRole('link', { name: 'gpu-train' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("reloads on a signal that one of the project's workspaces changed, not on another project's", async () => {
    const signals = fakeSignals();
    const workspacesApi = mockWorkspacesApi({
      listWorkspaces: jest.fn().mockResolvedValue({ items: [aWorkspace()] }),
    });
    await renderCard(workspacesApi, { signals });
    const list = await screen.findByRole('list', {
      name: 'Recently changed workspaces',
    });
    expect(within(list).getByText('Running')).toBeInTheDocument();

    workspacesApi.listWorkspaces.mockResolvedValue({
      items: [
        aWorkspace({
          desiredState: 'Stopped',
          status: 'Stopping',
          statusMessage: 'Stopping',
        }),
      ],
    });
    workspacesApi.getProjectSummary.mockResolvedValue(summary(0, 1, 0));
    signals.emit({
      workspaceId: 'other',
      project: 'system:default/fraud-detection',
      status: 'Running',
    });
    signals.emit({
      workspaceId: 'w1',
      project: 'system:default/vision',
      status: 'Stopping',
    });

    expect(await within(list).findByText('Stopping')).toBeInTheDocument();
    expect(await screen.findByText('0 of 1')).toBeInTheDocument();
    expect(workspacesApi.listWorkspaces).toHaveBeenCalledTimes(2);
  });
});
