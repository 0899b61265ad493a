import { screen, within } from '@testing-library/react';
import { KubernetesEvent } from '@backstage-workspaces/plugin-workspaces-common';
import { aResponseError } from '../../__testUtils__/diagnostics';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { WorkspaceKubernetesEvents } from './WorkspaceKubernetesEvents';

const pod = { kind: 'Pod', name: 'ws-churn-model-0' };
// out of order on purpose: the tab sorts them
const events: KubernetesEvent[] = [
  {
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned vision/ws-churn-model-0 to gpu-0',
    count: 1,
    time: '2026-11-28T10:00:00Z',
    involvedObject: pod,
  },
  {
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container workspace',
    count: 4,
    time: '2026-11-28T10:05:00Z',
    involvedObject: pod,
  },
  {
    type: 'Normal',
    reason: 'Pulled',
    message: 'Container image already present on machine',
    count: 1,
    time: '2026-11-28T10:01:00Z',
    involvedObject: pod,
  },
];

describe('WorkspaceKubernetesEvents', () => {
  it('lists the events newest first, the warning marked as one', async () => {
    const workspacesApi = mockWorkspacesApi({
      listKubernetesEvents: jest.fn().mockResolvedValue(events),
    });
    await renderWithApis(
      <WorkspaceKubernetesEvents workspace={aWorkspace()} />,
      { workspacesApi },
    );

    await screen.findByText('BackOff');
    expect(workspacesApi.listKubernetesEvents).toHaveBeenCalledWith('w1');
    const rows = screen
      .getAllByRole('row')
      .filter(row => within(row).queryAllByRole('cell').length > 0);
    expect(
      rows.map(row => within(row).getAllByRole('cell')[1].textContent),
    ).toEqual(['BackOff', 'Pulled', 'Scheduled']);
    const warning = within(rows[0]);
    expect(warning.getByText('Warning')).toBeInTheDocument();
    expect(warning.getByText('Pod/ws-churn-model-0')).toBeInTheDocument();
    expect(warning.getByText('4')).toBeInTheDocument();
    expect(
      warning.getByTitle(new Date('2026-11-28T10:05:00Z').toLocaleString()),
    ).toHaveTextContent(/ago$/);
    expect(within(rows[1]).queryByText('Warning')).not.toBeInTheDocument();
  });

  it('says when the backend has no runtime to ask (501)', async () => {
    const workspacesApi = mockWorkspacesApi({
      listKubernetesEvents: jest
        .fn()
        .mockRejectedValue(
          await aResponseError(
            501,
            'NotImplementedError',
            'no workspace runtime is configured',
          ),
        ),
    });
    await renderWithApis(
      <WorkspaceKubernetesEvents workspace={aWorkspace()} />,
      { workspacesApi },
    );
    expect(
      await screen.findByText(
        'This Backstage cannot show the events of workspaces: no workspace runtime is configured',
      ),
    ).toBeInTheDocument();
  });
});
