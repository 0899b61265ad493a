import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  aLogStream,
  aResponseError,
  runningObjects,
} from '../../__testUtils__/diagnostics';
import {
  aWorkspace,
  mockWorkspacesApi,
  renderWithApis,
} from '../../__testUtils__/fixtures';
import { keepLastLines } from './useWorkspaceLogs';
import { WorkspaceLogs } from './WorkspaceLogs';

// no pause between a user's events, and no check of each element's CSS
// pointer-events: the tests must not wait on a busy machine's timers
const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

describe('WorkspaceLogs', () => {
  it("reads the workspace container's log, then the chosen container and tail", async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue(runningObjects),
      getLogs: jest
        .fn()
        .mockImplementation(async (_id, options) =>
          options.container === 'git-examples'
            ? 'Cloning into /examples...\n'
            : '[I ServerApp] Jupyter Server is running\n',
        ),
    });
    await renderWithApis(<WorkspaceLogs workspace={aWorkspace()} />, {
      workspacesApi,
    });

    expect(await screen.findByLabelText('Log')).toHaveTextContent(
      'Jupyter Server is running',
    );
    expect(workspacesApi.getLogs).toHaveBeenCalledTimes(1);
    expect(workspacesApi.getLogs).toHaveBeenCalledWith('w1', {
      container: 'workspace',
      tail: 1000,
      previous: false,
    });

    await user.selectOptions(
      screen.getByLabelText('Container'),
      'git-examples (init)',
    );
    await user.selectOptions(screen.getByLabelText('Last lines'), '100');
    await user.click(screen.getByLabelText('Previous container'));

    await waitFor(() =>
      expect(workspacesApi.getLogs).toHaveBeenLastCalledWith('w1', {
        container: 'git-examples',
        tail: 100,
        previous: true,
      }),
    );
    expect(await screen.findByLabelText('Log')).toHaveTextContent(
      'Cloning into /examples...',
    );
  });

  it('follows: appends each streamed chunk, and aborts the stream when turned off and on unmount', async () => {
    const stream = aLogStream();
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue(runningObjects),
      getLogs: jest.fn().mockResolvedValue('read once\n'),
      followLogs: stream.followLogs,
    });
    const { unmount } = await renderWithApis(
      <WorkspaceLogs workspace={aWorkspace()} />,
      { workspacesApi },
    );
    expect(await screen.findByLabelText('Log')).toHaveTextContent('read once');

    await user.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(stream.followLogs).toHaveBeenCalledTimes(1));
    expect(stream.followLogs).toHaveBeenCalledWith(
      'w1',
      expect.objectContaining({ container: 'workspace', tail: 1000 }),
    );
    stream.push('first line\n');
    await waitFor(() =>
      expect(screen.getByLabelText('Log').textContent).toBe('first line\n'),
    );
    stream.push('second line\n');
    await waitFor(() =>
      expect(screen.getByLabelText('Log').textContent).toBe(
        'first line\nsecond line\n',
      ),
    );
    const firstSignal = stream.signal!;
    expect(firstSignal.aborted).toBe(false);

    await user.click(screen.getByLabelText('Follow'));
    expect(firstSignal.aborted).toBe(true);
    expect(await screen.findByLabelText('Log')).toHaveTextContent('read once');

    await user.click(screen.getByLabelText('Follow'));
    await waitFor(() => expect(stream.followLogs).toHaveBeenCalledTimes(2));
    expect(stream.signal).not.toBe(firstSignal);
    expect(stream.signal!.aborted).toBe(false);
    unmount();
    expect(stream.signal!.aborted).toBe(true);
  });

  it('downloads the shown log as a .log file named after the workspace and container', async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue(runningObjects),
      getLogs: jest.fn().mockResolvedValue('line 1\nline 2\n'),
    });
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:log';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push(this.download);
      });
    try {
      await renderWithApis(<WorkspaceLogs workspace={aWorkspace()} />, {
        workspacesApi,
      });
      await screen.findByLabelText('Log');
      await user.click(screen.getByRole('button', { name: 'Download' }));

      expect(downloads).toEqual(['churn-model-workspace.log']);
      const text = await blobs[0].text();
      expect(text).toBe('line 1\nline 2\n');
      expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:log');
    } finally {
      click.mockRestore();
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    }
  });

  it('says a stopped workspace has no logs, from the 409', async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue([]),
      getLogs: jest
        .fn()
        .mockRejectedValue(
          await aResponseError(
            409,
            'ConflictError',
            'Workspace churn-model has no pod, so no logs: it is not running; start it to see its logs',
          ),
        ),
    });
    await renderWithApis(
      <WorkspaceLogs
        workspace={aWorkspace({ status: 'Stopped', desiredState: 'Stopped' })}
      />,
      { workspacesApi },
    );

    expect(
      await screen.findByText(
        'The workspace is stopped: there are no logs to show. Start it to see its logs.',
      ),
    ).toBeInTheDocument();
    // without a pod there is no container to choose: the backend's default
    expect(workspacesApi.getLogs).toHaveBeenCalledWith('w1', {
      container: undefined,
      tail: 1000,
      previous: false,
    });
    expect(screen.queryByLabelText('Container')).not.toBeInTheDocument();
  });

  it('reads the log again when the stopped workspace starts', async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue(runningObjects),
      getLogs: jest
        .fn()
        .mockRejectedValueOnce(
          await aResponseError(409, 'ConflictError', 'no pod'),
        )
        .mockResolvedValue('[I ServerApp] Jupyter Server is running\n'),
    });
    function StartsLater() {
      const [started, setStarted] = useState(false);
      return (
        <>
          <button onClick={() => setStarted(true)}>start</button>
          <WorkspaceLogs
            workspace={aWorkspace({ status: started ? 'Running' : 'Stopped' })}
          />
        </>
      );
    }
    await renderWithApis(<StartsLater />, { workspacesApi });
    await screen.findByText(/The workspace is stopped/);

    await user.click(screen.getByRole('button', { name: 'start' }));
    expect(await screen.findByLabelText('Log')).toHaveTextContent(
      'Jupyter Server is running',
    );
    expect(workspacesApi.getLogs).toHaveBeenCalledTimes(2);
    expect(workspacesApi.getLogs).toHaveBeenLastCalledWith('w1', {
      container: 'workspace',
      tail: 1000,
      previous: false,
    });
  });

  it("shows the backend's message of a 400 naming the field", async () => {
    const workspacesApi = mockWorkspacesApi({
      listObjects: jest.fn().mockResolvedValue(runningObjects),
      getLogs: jest
        .fn()
        .mockRejectedValue(
          await aResponseError(
            400,
            'InputError',
            "container: 'sidecar' is not a container of the workspace's pod",
          ),
        ),
    });
    await renderWithApis(<WorkspaceLogs workspace={aWorkspace()} />, {
      workspacesApi,
    });
    expect(
      await screen.findByText(
        "The request for logs was refused: container: 'sidecar' is not a container of the workspace's pod",
      ),
    ).toBeInTheDocument();
  });
});

describe('keepLastLines', () => {
  it.each([
    ['a\nb\nc\n', 2, 'b\nc\n'],
    ['a\nb\nc', 2, 'b\nc'],
    ['a\nb\n', 2, 'a\nb\n'],
    ['a\nb\nc\n', 5, 'a\nb\nc\n'],
    ['', 3, ''],
  ])('keeps of %j the last %i lines', (text, max, kept) => {
    expect(keepLastLines(text, max)).toBe(kept);
  });
});
