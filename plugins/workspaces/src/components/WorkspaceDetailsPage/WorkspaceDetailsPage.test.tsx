import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { WorkspaceDetailsPage } from './WorkspaceDetailsPage';

const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

/** Where the app is, so a test can check the tab is in the URL. */
function Location() {
  const location = useLocation();
  return <output aria-label="location">{location.search}</output>;
}

describe('WorkspaceDetailsPage', () => {
  it('shows the status timeline, spec, runs, objects and the create call', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(
        aWorkspace({
          env: [
            { name: 'MODE', value: 'train', secret: false },
            { name: 'TOKEN', secret: true },
          ],
        }),
      ),
      listRuns: jest.fn().mockResolvedValue([
        {
          id: 'r2',
          workspaceId: 'w1',
          startedAt: '2026-11-28T10:00:00Z',
          podName: 'ws-churn-model-0',
          nodeName: 'gpu-0',
        },
        {
          id: 'r1',
          workspaceId: 'w1',
          startedAt: '2026-11-28T08:00:00Z',
          endedAt: '2026-11-28T09:05:00Z',
          endReason: 'Stopped by user:default/bob',
        },
      ]),
      listEvents: jest.fn().mockResolvedValue([
        {
          id: 2,
          workspaceId: 'w1',
          time: '2026-11-28T10:01:00Z',
          from: 'Initializing',
          to: 'Running',
          reason: 'PodReady',
          message: 'Running on node gpu-0',
        },
      ]),
    });
    await renderWithApis(
      <Routes>
        <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
      </Routes>,
      { workspacesApi, routeEntries: ['/w1'] },
    );

    expect(
      await screen.findByRole('heading', { name: 'churn-model' }),
    ).toBeInTheDocument();
    expect(workspacesApi.getWorkspace).toHaveBeenCalledWith('w1');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Open JupyterLab tool' }),
      ).toBeEnabled(),
    );
    const timeline = within(
      screen.getByRole('list', { name: 'Status timeline' }),
    );
    expect(
      timeline.getByText(/PodReady · Running on node gpu-0/),
    ).toBeInTheDocument();
    expect(screen.getByText('65 min')).toBeInTheDocument();
    expect(screen.getByText('Stopped by user:default/bob')).toBeInTheDocument();
    expect(screen.getAllByText('ws-churn-model-0 on gpu-0')).toHaveLength(1);
    expect(screen.getByText('MODE=train')).toBeInTheDocument();
    expect(screen.getByText('TOKEN=•••••• (secret)')).toBeInTheDocument();
    expect(
      screen.getByText('workspaces.backstage.io/workspace-id=w1'),
    ).toBeInTheDocument();
    // the snippet is highlighted, so its text is split into many elements
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        "curl -X POST 'http://example.com/api/workspaces/workspaces'",
      ),
    );
    expect(document.body.textContent).toContain('"value": "<secret>"');
  });

  it('opens the tab the URL names, and puts the chosen tab in the URL', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
      listKubernetesEvents: jest.fn().mockResolvedValue([
        {
          type: 'Normal',
          reason: 'Scheduled',
          message: 'Successfully assigned vision/ws-churn-model-0 to gpu-0',
          count: 1,
          time: '2026-11-28T10:00:00Z',
          involvedObject: { kind: 'Pod', name: 'ws-churn-model-0' },
        },
      ]),
      getLogs: jest.fn().mockResolvedValue('[I ServerApp] running\n'),
    });
    await renderWithApis(
      <>
        <Routes>
          <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
        </Routes>
        <Location />
      </>,
      { workspacesApi, routeEntries: ['/w1?tab=events'] },
    );

    expect(await screen.findByText('Scheduled')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Events' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.queryByText('Status timeline')).not.toBeInTheDocument();
    expect(workspacesApi.getLogs).not.toHaveBeenCalled();

    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(await screen.findByLabelText('Log')).toHaveTextContent(
      '[I ServerApp] running',
    );
    expect(screen.getByLabelText('location')).toHaveTextContent('?tab=logs');
  });

  const renderPage = (
    workspacesApi: ReturnType<typeof mockWorkspacesApi>,
    route = '/w1',
  ) =>
    renderWithApis(
      <>
        <Routes>
          <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
        </Routes>
        <Location />
      </>,
      { workspacesApi, routeEntries: [route] },
    );

  it('explains a crash: what happened, what to do, the exit code and the last log lines, with a way to the Logs tab', async () => {
    const crashed = aWorkspace({
      status: 'Failed',
      statusReason: 'CrashLoopBackOff',
      statusMessage:
        'The container workspace keeps crashing; last exit: Error (exit code 1)',
    });
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(crashed),
      getExplanation: jest.fn().mockResolvedValue({
        status: 'Failed',
        reason: 'CrashLoopBackOff',
        title: "The workspace's tool keeps crashing",
        whatHappened:
          'The container workspace exited at start with exit code 1, again after each restart, so the run was ended.',
        whatToDo: 'Open the Logs tab (choose the previous container).',
        details: {
          container: 'workspace',
          exitCode: 1,
          logLines: [
            'Executing: jupyter lab',
            "[C ServerApp] Bad config encountered during initialization: No such directory: ''/home/jovyan/missing''",
          ],
        },
      }),
    });
    await renderPage(workspacesApi);

    const panel = await screen.findByLabelText('Why this status');
    expect(workspacesApi.getExplanation).toHaveBeenCalledWith('w1');
    const inPanel = within(panel);
    expect(
      inPanel.getByText("The workspace's tool keeps crashing"),
    ).toBeInTheDocument();
    expect(
      inPanel.getByText(/exited at start with exit code 1/),
    ).toBeInTheDocument();
    expect(
      inPanel.getByText(/choose the previous container/),
    ).toBeInTheDocument();
    expect(inPanel.getByText('exit code')).toBeInTheDocument();
    expect(inPanel.getByText('1')).toBeInTheDocument();
    const log = inPanel.getByLabelText('Last log lines');
    expect(log.tagName).toBe('PRE');
    expect(log).toHaveTextContent(
      /Executing: jupyter lab\s+\[C ServerApp\] Bad config encountered during initialization: No such directory/,
    );

    await user.click(inPanel.getByRole('link', { name: 'Open the Logs tab' }));
    await waitFor(() =>
      expect(screen.getByLabelText('location')).toHaveTextContent('?tab=logs'),
    );
    expect(screen.getByRole('tab', { name: 'Logs' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('explains an unschedulable workspace: the GPUs asked, what the quota has free, and that the cluster is short', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(
        aWorkspace({
          status: 'Pending',
          statusReason: 'Unschedulable',
          statusMessage:
            'Pending: 0/2 nodes are available: 1 Insufficient nvidia.com/gpu.',
          resources: { cpu: '4', memory: '32Gi', gpu: 100 },
        }),
      ),
      getExplanation: jest.fn().mockResolvedValue({
        status: 'Pending',
        reason: 'Unschedulable',
        title: 'Not enough GPUs to start the workspace',
        whatHappened:
          "The cluster can't place the workspace: it asks for 100 GPUs.",
        whatToDo: 'Ask for less.',
        details: {
          kubernetesMessage:
            '0/2 nodes are available: 1 Insufficient nvidia.com/gpu.',
          shortResources: [
            {
              resource: 'nvidia.com/gpu',
              label: 'GPUs',
              asked: '100',
              free: '4',
              quota: 'the limit of project system:default/vision',
              shortIn: 'cluster',
            },
          ],
        },
      }),
    });
    await renderPage(workspacesApi);

    const panel = within(await screen.findByLabelText('Why this status'));
    expect(
      panel.getByText('Not enough GPUs to start the workspace'),
    ).toBeInTheDocument();
    expect(panel.getByText('GPUs (nvidia.com/gpu)')).toBeInTheDocument();
    expect(
      panel.getByText(
        'asked 100; 4 free in the limit of project system:default/vision; the cluster is short: no node has it free',
      ),
    ).toBeInTheDocument();
    expect(panel.queryByLabelText('Last log lines')).not.toBeInTheDocument();
  });

  it('shows no explanation while the workspace runs', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(aWorkspace()),
    });
    await renderPage(workspacesApi);
    await screen.findByRole('heading', { name: 'churn-model' });
    await waitFor(() =>
      expect(workspacesApi.getExplanation).toHaveBeenCalled(),
    );
    expect(screen.queryByLabelText('Why this status')).not.toBeInTheDocument();
  });

  it('puts the Kubernetes events that explain a status change under it in the timeline, marked as events', async () => {
    const event = (reason: string, time: string, message: string) => ({
      type: reason === 'Pulled' ? 'Normal' : 'Warning',
      reason,
      message,
      count: 1,
      time,
      involvedObject: { kind: 'Pod', name: 'ws-churn-model-0' },
    });
    const change = (id: number, to: string, time: string, reason: string) => ({
      id,
      workspaceId: 'w1',
      time,
      to,
      reason,
      message: `${to} message`,
    });
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest
        .fn()
        .mockResolvedValue(
          aWorkspace({ status: 'Failed', statusReason: 'CrashLoopBackOff' }),
        ),
      listEvents: jest
        .fn()
        .mockResolvedValue([
          change(4, 'Failed', '2026-11-28T10:10:00Z', 'CrashLoopBackOff'),
          change(
            3,
            'Initializing',
            '2026-11-28T10:05:00Z',
            'ContainerCreating',
          ),
          change(2, 'Pending', '2026-11-28T10:00:00Z', 'Unschedulable'),
          change(1, 'Creating', '2026-11-28T09:59:00Z', 'CreatingObjects'),
        ]),
      listKubernetesEvents: jest
        .fn()
        .mockResolvedValue([
          event(
            'BackOff',
            '2026-11-28T10:09:58Z',
            'Back-off restarting failed container workspace',
          ),
          event(
            'Pulled',
            '2026-11-28T10:05:30Z',
            'Container image already present',
          ),
          event(
            'FailedScheduling',
            '2026-11-28T10:01:00Z',
            '0/2 nodes are available: 1 Insufficient cpu.',
          ),
          event(
            'FailedScheduling',
            '2026-11-28T10:00:01Z',
            '0/2 nodes are available: 2 Insufficient cpu.',
          ),
        ]),
    });
    await renderPage(workspacesApi);

    await screen.findByLabelText('Kubernetes event BackOff');
    const items = within(
      screen.getByRole('list', { name: 'Status timeline' }),
    ).getAllByRole('listitem');
    const summary = items.map(item =>
      item.getAttribute('data-kind') === 'kubernetes-event'
        ? `  event ${item
            .getAttribute('aria-label')!
            .replace('Kubernetes event ', '')}: ${
            item.textContent!.split(' · ').slice(-1)[0]
          }`
        : item.textContent!.split(' · ')[1],
    );
    expect(summary).toEqual([
      'CrashLoopBackOff',
      '  event BackOff: Back-off restarting failed container workspace',
      'ContainerCreating',
      'Unschedulable',
      '  event FailedScheduling: 0/2 nodes are available: 1 Insufficient cpu.',
      '  event FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu.',
      'CreatingObjects',
    ]);
    expect(
      within(screen.getByLabelText('Kubernetes event BackOff')).getByText(
        /^Kubernetes event: BackOff/,
      ),
    ).toBeInTheDocument();
  });
});
