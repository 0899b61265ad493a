import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { WorkspaceDetailsPage } from './WorkspaceDetailsPage';

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
});
