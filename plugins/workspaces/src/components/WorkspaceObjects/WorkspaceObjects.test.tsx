import { screen, within } from '@testing-library/react';
import { runningObjects } from '../../__testUtils__/diagnostics';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { englishT } from '../../__testUtils__/translation';
import { describeContainerState } from './describeContainerState';
import { WorkspaceObjects } from './WorkspaceObjects';

describe('WorkspaceObjects', () => {
  it('shows the pod with its containers, the StatefulSet and the volume claim', async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue(runningObjects),
    });
    await renderWithApis(<WorkspaceObjects workspace={aWorkspace()} />, {
      workspacesApi,
    });

    expect(await screen.findByText('Pod ws-churn-model-0')).toBeInTheDocument();
    expect(workspacesApi.listObjects).toHaveBeenCalledWith('w1');
    expect(screen.getByText('gpu-0')).toBeInTheDocument();
    expect(screen.getByText('Ready: True')).toBeInTheDocument();
    const workspaceRow = within(screen.getByText('workspace').closest('tr')!);
    expect(workspaceRow.getByText('2')).toBeInTheDocument();
    expect(
      workspaceRow.getByText('terminated: OOMKilled, exit code 137'),
    ).toBeInTheDocument();
    const initRow = within(
      screen.getByText('git-examples (init)').closest('tr')!,
    );
    expect(
      initRow.getByText('terminated: Completed, exit code 0'),
    ).toBeInTheDocument();

    expect(screen.getByText('StatefulSet ws-churn-model')).toBeInTheDocument();
    expect(screen.getByText('1 of 1')).toBeInTheDocument();

    expect(
      screen.getByText('Volume claim ws-churn-model-home'),
    ).toBeInTheDocument();
    expect(screen.getByText('Bound')).toBeInTheDocument();
    expect(screen.getByText('standard')).toBeInTheDocument();
    expect(screen.getByText('pvc-1234')).toBeInTheDocument();
  });

  it('says so when the workspace has no objects', async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue([]),
    });
    await renderWithApis(
      <WorkspaceObjects workspace={aWorkspace({ status: 'Pending' })} />,
      { workspacesApi },
    );
    expect(
      await screen.findByText(
        'No Kubernetes objects: the workspace has not been started yet.',
      ),
    ).toBeInTheDocument();
  });
});

describe('describeContainerState', () => {
  it.each([
    [undefined, '—'],
    [
      { state: 'waiting', reason: 'ImagePullBackOff', message: 'not found' },
      'waiting: ImagePullBackOff (not found)',
    ],
    [
      { state: 'terminated', reason: 'Error', exitCode: 1 },
      'terminated: Error, exit code 1',
    ],
    [{ state: 'terminated', exitCode: 2 }, 'terminated: exit code 2'],
    [{ state: 'unknown' }, 'unknown'],
  ] as const)('%j reads %j', (state, text) => {
    expect(describeContainerState(state, englishT)).toBe(text);
  });
});
