import { act, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
  signedInAs,
} from '../../__testUtils__/fixtures';
import { choose, rowOf } from '../../__testUtils__/gridInteractions';
import { WorkspaceListQuery } from '../../hooks/useWorkspaceList';
import { WorkspacesGrid } from './WorkspacesGrid';

// the admin's columns wait for the permission decisions: on a busy machine
// that takes a while
jest.setTimeout(30_000);

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString();
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

const workspaces = [
  aWorkspace({ id: 'w1', name: 'churn-model' }),
  aWorkspace({
    id: 'w2',
    name: 'eda',
    status: 'Stopped',
    desiredState: 'Stopped',
    createdBy: 'user:default/alice',
    storage: {
      bytes: 20 * 2 ** 30,
      volumes: [{ dataSource: 'home', size: '20Gi', retained: false }],
    },
    dormancy: {
      stoppedSince: daysAgo(33),
      warnedAt: daysAgo(3),
      deleteAt: inDays(4),
      deletion: 'volumes',
    },
  }),
  aWorkspace({
    id: 'w3',
    name: 'old-run',
    status: 'Stopped',
    desiredState: 'Stopped',
    createdBy: 'user:default/alice',
    storage: { bytes: 0, volumes: [] },
    dormancy: { stoppedSince: daysAgo(60), volumesDeletedAt: daysAgo(20) },
  }),
];

function renderGrid(
  allow?: (permission: string, resourceRef?: string) => boolean,
) {
  const queries: WorkspaceListQuery[] = [];
  function GridWithQuery() {
    const [query, setQuery] = useState<WorkspaceListQuery>({});
    return (
      <WorkspacesGrid
        workspaces={workspaces}
        blocks={blocks}
        query={query}
        onQueryChange={next => {
          queries.push(next);
          setQuery(next);
        }}
        onChanged={jest.fn()}
      />
    );
  }
  renderWithApis(<GridWithQuery />, {
    workspacesApi: mockWorkspacesApi(),
    allow,
    apis: [signedInAs('bob')],
  });
  return { queries };
}

describe('WorkspacesGrid dormancy', () => {
  it('shows admins the storage each workspace holds and the deletion dormancy warned of, and filters the dormant ones', async () => {
    const { queries } = renderGrid();
    await screen.findByRole(
      'columnheader',
      { name: 'Storage' },
      { timeout: 20_000 },
    );

    const eda = within(rowOf('eda'));
    expect(eda.getByText('20Gi')).toBeInTheDocument();
    expect(eda.getByText('stopped 33 days')).toBeInTheDocument();
    expect(
      eda.getByText(
        `Dormant: volumes deleted on ${new Date(
          workspaces[1].dormancy!.deleteAt!,
        ).toLocaleDateString()}`,
      ),
    ).toBeInTheDocument();
    const old = within(rowOf('old-run'));
    expect(
      old.getByText(
        `Dormant: volumes deleted ${new Date(
          workspaces[2].dormancy!.volumesDeletedAt!,
        ).toLocaleDateString()}`,
      ),
    ).toBeInTheDocument();

    await choose('Dormancy', 'Warned of deletion');
    expect(queries[queries.length - 1]).toEqual({ dormant: true });
    await choose('Dormancy', 'All');
    expect(queries[queries.length - 1]).toEqual({ dormant: undefined });
  });

  it('shows neither the storage nor the dormancy filter to users who may act on their own workspaces only', async () => {
    const allow = jest.fn(
      (_permission: string, resourceRef?: string) =>
        resourceRef !== 'w2' && resourceRef !== 'w3',
    );
    renderGrid(allow);
    await waitFor(() =>
      expect(allow).toHaveBeenCalledWith('workspace.update', 'w2'),
    );
    // the decision's answer, and what renders of it, come before a new task
    await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    expect(
      screen.queryByRole('columnheader', { name: 'Storage' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Dormancy')).not.toBeInTheDocument();
  });
});
