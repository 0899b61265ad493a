import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { WorkspaceDetailsPage } from '../WorkspaceDetailsPage';
import { WorkspacesGrid } from '../WorkspacesGrid';
import { AutoStopBanner } from './AutoStopBanner';

// no pause between a user's events, and no check of each element's CSS
// pointer-events (a getComputedStyle up the tree per event): the tests must
// not wait on a busy machine's timers, nor spend it on styles
const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const at = '2026-11-28T14:30:00Z';
const time = new Date(at).toLocaleTimeString(undefined, {
  hour: '2-digit',
  minute: '2-digit',
});
const warned = aWorkspace({
  autoStop: {
    at,
    reason: 'Idle',
    message: 'idle for 60 min',
    keepAlive: { extensionMinutes: 60, remaining: 2 },
  },
});

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

describe('AutoStopBanner', () => {
  it('warns of the stop and keeps the workspace alive on request', async () => {
    const kept = aWorkspace({ keepAliveUntil: '2026-11-28T15:30:00Z' });
    const workspacesApi = mockWorkspacesApi({
      keepAlive: jest.fn().mockResolvedValue(kept),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <AutoStopBanner workspace={warned} onChanged={onChanged} />,
      { workspacesApi },
    );
    const banner = screen.getByRole('alert', { name: 'Automatic stop' });
    expect(banner).toHaveTextContent(
      `Stops at ${time}: idle for 60 min. Volumes and configuration are kept. 2 keep-alives left for this run.`,
    );
    await user.click(
      within(banner).getByRole('button', { name: 'Keep alive for 60 min' }),
    );
    expect(workspacesApi.keepAlive).toHaveBeenCalledWith('w1');
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(kept));
  });

  it('offers no keep-alive once the run used them all', async () => {
    await renderWithApis(
      <AutoStopBanner
        workspace={aWorkspace({
          autoStop: {
            at,
            reason: 'MaxRuntime',
            message: 'reached the 12 h limit of the "1 GPU" compute preset',
            keepAlive: { extensionMinutes: 60, remaining: 0 },
          },
        })}
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi() },
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'reached the 12 h limit of the "1 GPU" compute preset. Volumes and configuration are kept. It was kept alive as often as allowed: save your work.',
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows why a keep-alive was refused', async () => {
    const workspacesApi = mockWorkspacesApi({
      keepAlive: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          conflict(
            JSON.stringify({
              error: {
                name: 'ConflictError',
                message: 'Workspace churn-model is not running',
              },
            }),
          ),
        ),
      ),
    });
    await renderWithApis(
      <AutoStopBanner workspace={warned} onChanged={jest.fn()} />,
      { workspacesApi },
    );
    await user.click(screen.getByRole('button'));
    expect(
      await screen.findByText('Workspace churn-model is not running'),
    ).toBeInTheDocument();
  });

  it('is on the details page, and the grid marks the workspace', async () => {
    const workspacesApi = mockWorkspacesApi({
      getWorkspace: jest.fn().mockResolvedValue(warned),
    });
    await renderWithApis(
      <Routes>
        <Route path="/:workspaceId" element={<WorkspaceDetailsPage />} />
      </Routes>,
      { workspacesApi, routeEntries: ['/w1'] },
    );
    expect(
      await screen.findByRole('alert', { name: 'Automatic stop' }),
    ).toHaveTextContent(`Stops at ${time}: idle for 60 min`);
  });

  it('marks a workspace about to stop in the grid', async () => {
    await renderWithApis(
      <WorkspacesGrid
        workspaces={[warned, aWorkspace({ id: 'w2', name: 'eda' })]}
        blocks={blocks}
        query={{}}
        onQueryChange={jest.fn()}
        onChanged={jest.fn()}
      />,
      { workspacesApi: mockWorkspacesApi() },
    );
    const row = screen.getByText('churn-model').closest('tr')!;
    expect(
      within(row).getByRole('img', {
        name: `Stops at ${time}: idle for 60 min`,
      }),
    ).toBeInTheDocument();
    const other = screen.getByText('eda').closest('tr')!;
    expect(within(other).queryByRole('img', { name: /Stops at/ })).toBeNull();
  });
});
