import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
  signedInAs,
} from '../../__testUtils__/fixtures';
import { rowOf, user } from '../../__testUtils__/gridInteractions';
import { WorkspacesGrid } from './WorkspacesGrid';

const workspaces = [
  aWorkspace({ id: 'w1', name: 'churn-model' }),
  aWorkspace({
    id: 'w2',
    name: 'eda',
    status: 'Stopped',
    desiredState: 'Stopped',
  }),
  aWorkspace({
    id: 'w3',
    name: 'llm-eval',
    createdBy: 'user:default/alice',
  }),
  aWorkspace({ id: 'w4', name: 'vision-train', status: 'Pending' }),
];

/** A 403 as the backend answers a stop it refuses. */
async function refusal(message: string) {
  return ResponseError.fromResponse({
    status: 403,
    statusText: 'Forbidden',
    url: 'http://localhost/api/workspaces/workspaces/w3/stop',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () =>
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        response: { statusCode: 403 },
      }),
  } as unknown as Response);
}

function renderGrid(
  workspacesApi = mockWorkspacesApi(),
  allow?: (permission: string, resourceRef?: string) => boolean,
) {
  const onChanged = jest.fn();
  renderWithApis(
    <WorkspacesGrid
      workspaces={workspaces}
      blocks={blocks}
      query={{}}
      onQueryChange={jest.fn()}
      onChanged={onChanged}
    />,
    {
      workspacesApi,
      allow,
      apis: [signedInAs('bob')],
    },
  );
  return { onChanged };
}

describe('WorkspacesGrid bulk stop', () => {
  it('stops the selected workspaces one by one and says what became of each, a refusal included', async () => {
    const message =
      'You may not stop workspace llm-eval; only its creator and admins may';
    const workspacesApi = mockWorkspacesApi({
      stopWorkspace: jest.fn(async (id: string) => {
        if (id === 'w3') {
          throw await refusal(message);
        }
        return aWorkspace({ id });
      }),
    });
    const { onChanged } = renderGrid(workspacesApi);

    await user.click(
      await screen.findByRole('checkbox', { name: 'Select churn-model' }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Select llm-eval' }));
    await user.click(
      screen.getByRole('checkbox', { name: 'Select vision-train' }),
    );
    await user.click(screen.getByRole('button', { name: 'Stop selected (3)' }));

    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('Stop 3 workspaces?')).toBeInTheDocument();
    // nothing is stopped before the confirmation
    expect(workspacesApi.stopWorkspace).not.toHaveBeenCalled();
    await user.click(dialog.getByRole('button', { name: 'Stop 3 workspaces' }));

    expect(
      await dialog.findByText('2 stopped, 1 refused.'),
    ).toBeInTheDocument();
    // one call per workspace, in turn, through the ordinary stop
    expect(workspacesApi.stopWorkspace.mock.calls).toEqual([
      ['w1'],
      ['w3'],
      ['w4'],
    ]);
    const outcome = (name: string) =>
      dialog.getByText(name).closest('li')!.textContent;
    expect(outcome('churn-model')).toContain('Stopped');
    expect(outcome('llm-eval')).toContain(`Refused: ${message}`);
    expect(outcome('vision-train')).toContain('Stopped');
    expect(onChanged).toHaveBeenCalled();

    await user.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('button', { name: 'Stop selected (0)' }),
    ).toBeDisabled();
  });

  it('selects every running workspace at once; a stopped one cannot be selected', async () => {
    const workspacesApi = mockWorkspacesApi();
    renderGrid(workspacesApi);
    await user.click(
      await screen.findByRole('checkbox', {
        name: 'Select every running workspace',
      }),
    );
    expect(
      within(rowOf('eda')).getByRole('checkbox', { name: 'Select eda' }),
    ).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Stop selected (3)' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.queryByText('eda')).not.toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(workspacesApi.stopWorkspace).not.toHaveBeenCalled();
  });

  it('offers no selection to users who may stop only their own workspaces', async () => {
    // bob may change his own workspaces, not alice's llm-eval
    const allow = jest.fn(
      (_permission: string, resourceRef?: string) => resourceRef !== 'w3',
    );
    renderGrid(mockWorkspacesApi(), allow);
    await waitFor(() =>
      expect(allow).toHaveBeenCalledWith('workspace.update', 'w3'),
    );
    // the decision's answer, and what renders of it, come before a new task
    await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    await waitFor(() =>
      expect(
        within(rowOf('churn-model')).getByRole('button', { name: 'Stop' }),
      ).toBeEnabled(),
    );
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Stop selected/ }),
    ).not.toBeInTheDocument();
  });
});
