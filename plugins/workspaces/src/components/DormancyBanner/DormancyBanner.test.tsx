import { screen, waitFor } from '@testing-library/react';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { user } from '../../__testUtils__/gridInteractions';
import { DormancyBanner } from './DormancyBanner';

const deleteAt = '2026-12-07T10:00:00Z';
const warned = aWorkspace({
  status: 'Stopped',
  desiredState: 'Stopped',
  dormancy: {
    stoppedSince: '2026-10-31T10:00:00Z',
    warnedAt: '2026-11-30T10:00:00Z',
    deleteAt,
    deletion: 'volumes',
  },
});

describe('DormancyBanner', () => {
  it('says what dormancy deletes and when, and keeps the workspace on request', async () => {
    const kept = aWorkspace({
      status: 'Stopped',
      desiredState: 'Stopped',
      dormancy: {
        stoppedSince: '2026-11-30T11:00:00Z',
        keptAliveAt: '2026-11-30T11:00:00Z',
      },
    });
    const workspacesApi = mockWorkspacesApi({
      keepAlive: jest.fn().mockResolvedValue(kept),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <DormancyBanner workspace={warned} onChanged={onChanged} />,
      { workspacesApi },
    );
    const banner = await screen.findByRole('alert', { name: 'Dormancy' });
    expect(banner).toHaveTextContent(
      `on ${new Date(
        deleteAt,
      ).toLocaleString()} its volumes will be deleted (its configuration is kept)`,
    );
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(kept));
    expect(workspacesApi.keepAlive).toHaveBeenCalledWith(warned.id);
  });

  it('shows nothing for a workspace without a dormancy warning', async () => {
    await renderWithApis(
      <div data-testid="host">
        <DormancyBanner
          workspace={aWorkspace({
            status: 'Stopped',
            desiredState: 'Stopped',
            dormancy: { stoppedSince: '2026-11-30T11:00:00Z' },
          })}
          onChanged={jest.fn()}
        />
      </div>,
      { workspacesApi: mockWorkspacesApi() },
    );
    expect(await screen.findByTestId('host')).toBeEmptyDOMElement();
  });
});
