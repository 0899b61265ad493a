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
});
