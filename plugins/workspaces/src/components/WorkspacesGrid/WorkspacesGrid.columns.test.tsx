import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import {
  aWorkspace,
  blocks,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { choose, rowOf, user } from '../../__testUtils__/gridInteractions';
import { WorkspaceListQuery } from '../../hooks/useWorkspaceList';
import { WorkspacesGrid } from './WorkspacesGrid';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

const workspaces = [
  aWorkspace({
    runStartedAt: minutesAgo(125),
    lastActivityAt: minutesAgo(30),
    node: 'gpu-node-1',
  }),
  aWorkspace({
    id: 'w2',
    name: 'eda',
    status: 'Stopped',
    desiredState: 'Stopped',
    createdBy: 'user:default/alice',
    resources: { cpu: '1', memory: '4Gi', gpu: 0 },
    lastActivityAt: minutesAgo(600),
  }),
  aWorkspace({
    id: 'w3',
    name: 'fresh',
    runStartedAt: minutesAgo(20),
    // used in an earlier run only: idle since this run started
    lastActivityAt: minutesAgo(90),
    node: 'cpu-node-2',
    resources: { cpu: '2', memory: '8Gi', gpu: 2 },
  }),
];

/** The grid as a view holds it: the query in state, each change recorded. */
function GridWithQuery(props: {
  onQueryChange(query: WorkspaceListQuery): void;
}) {
  const [query, setQuery] = useState<WorkspaceListQuery>({});
  return (
    <WorkspacesGrid
      workspaces={workspaces}
      blocks={blocks}
      showProject
      query={query}
      onQueryChange={next => {
        props.onQueryChange(next);
        setQuery(next);
      }}
      onChanged={jest.fn()}
    />
  );
}

/** A column's sort button, in the grid's head. */
const columnTitle = (name: string) =>
  within(document.querySelector('thead')!).getByRole('button', { name });

/**
 * Renders the grid for an admin and waits until it has settled: the
 * selection column comes once the permission is known, and re-renders rows.
 */
const renderGrid = async () => {
  const onQueryChange = jest.fn();
  await renderWithApis(<GridWithQuery onQueryChange={onQueryChange} />, {
    workspacesApi: mockWorkspacesApi(),
  });
  await screen.findByRole('checkbox', {
    name: 'Select every running workspace',
  });
  return { onQueryChange };
};

describe('WorkspacesGrid columns', () => {
  it('shows GPUs, node, running time and idle time of the current run', async () => {
    await renderGrid();
    const running = within(rowOf('churn-model'));
    expect(running.getByText('gpu-node-1')).toBeInTheDocument();
    expect(running.getByText('125 min')).toBeInTheDocument();
    expect(running.getByText('30 min')).toBeInTheDocument();

    // idle since its run started, not since a use in an earlier run
    const fresh = within(rowOf('fresh'));
    expect(fresh.getByText('2')).toBeInTheDocument();
    expect(fresh.getAllByText('20 min')).toHaveLength(2);

    // a stopped workspace has no run: no node, running or idle time
    const stopped = within(rowOf('eda'));
    expect(stopped.getByText('0')).toBeInTheDocument();
    expect(stopped.getAllByText('—')).toHaveLength(3);
  });

  it('sorts on the backend by the clicked column; a second click reverses', async () => {
    const { onQueryChange } = await renderGrid();
    // most GPUs, the longest running, the longest idle and the newest first
    const clicks: Array<[string, WorkspaceListQuery]> = [
      ['GPUs', { sort: 'gpus', order: 'desc' }],
      ['GPUs', { sort: 'gpus', order: 'asc' }],
      ['Running for', { sort: 'runStartedAt', order: 'asc' }],
      ['Idle for', { sort: 'idleSince', order: 'asc' }],
      ['Idle for', { sort: 'idleSince', order: 'desc' }],
      ['Node', { sort: 'node', order: 'asc' }],
      ['Age', { sort: 'createdAt', order: 'desc' }],
      ['Age', { sort: 'createdAt', order: 'asc' }],
    ];
    for (const [title, query] of clicks) {
      await user.click(columnTitle(title));
      expect(onQueryChange).toHaveBeenLastCalledWith(query);
    }
  });

  it('filters on the backend by status, creator, GPUs and node, and clears a filter with All', async () => {
    const { onQueryChange } = await renderGrid();
    await choose('Status', 'Stopped');
    expect(onQueryChange).toHaveBeenLastCalledWith({ status: 'Stopped' });
    await choose('Created by', 'alice');
    expect(onQueryChange).toHaveBeenLastCalledWith({
      status: 'Stopped',
      createdBy: 'user:default/alice',
    });
    await choose('GPUs', '1 or more');
    await choose('Node', 'gpu-node-1');
    expect(onQueryChange).toHaveBeenLastCalledWith({
      status: 'Stopped',
      createdBy: 'user:default/alice',
      minGpus: 1,
      node: 'gpu-node-1',
    });
    await choose('Status', 'All');
    expect(onQueryChange).toHaveBeenLastCalledWith({
      status: undefined,
      createdBy: 'user:default/alice',
      minGpus: 1,
      node: 'gpu-node-1',
    });
  });

  it('offers as choices the creators and nodes of the listed workspaces', async () => {
    await renderGrid();
    await user.click(screen.getByLabelText('Node'));
    const nodes = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(nodes).toEqual(['All', 'cpu-node-2', 'gpu-node-1']);
  });
});
