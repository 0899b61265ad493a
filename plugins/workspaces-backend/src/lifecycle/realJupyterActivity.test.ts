import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { jupyterClient } from '../__testUtils__/jupyterClient';
import { startRuntimeTestBackend } from '../__testUtils__/kubernetesTestCluster';
import { REAL_JUPYTERLAB } from '../__testUtils__/realTools';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { TestClock } from '../__testUtils__/testServices';
import { openToolSession } from '../__testUtils__/toolSession';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

/*
 * The idle auto-stop reading a real JupyterLab (kube-local's process runtime):
 * its /api/status and kernels. The plugin's clock is a test clock, moved on
 * by hours while JupyterLab's own times stay real.
 */
describe(`idle auto-stop from a real JupyterLab (${databaseId})`, () => {
  let backend: WorkspacesTestBackend;
  const clock = new TestClock();

  beforeAll(async () => {
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId,
      clock,
      workspaces: {
        environments: [...buildingBlocksConfig.environments, REAL_JUPYTERLAB],
        computePresets: [
          ...buildingBlocksConfig.computePresets,
          {
            id: 'lab-cpu',
            title: 'Lab CPU',
            cpu: { request: '100m' },
            memory: { request: '128Mi' },
          },
        ],
        lifecycle: {
          intervalSeconds: 1,
          warningMinutes: 15,
          defaults: { idleMinutes: 480, minimumRuntimeMinutes: 10 },
          computePresets: { 'lab-cpu': { idleMinutes: 60 } },
        },
      },
    }));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const get = async (id: string) =>
    (
      await request(backend.server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', backend.user('bob'))
    ).body;

  /** What `check` gives once it gives something, within a minute. */
  const until = async <T>(what: string, check: () => Promise<T | undefined>) =>
    (
      await waitUntil(
        what,
        async () => {
          const value = await check();
          return { done: Boolean(value), value };
        },
        60_000,
        200,
      )
    ).value as T;

  it('keeps a workspace whose cell runs past the idle limit, then warns and stops it once JupyterLab is idle', async () => {
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      {
        name: 'real-idle',
        environment: REAL_JUPYTERLAB.id,
        compute: { preset: 'lab-cpu' },
      },
    );
    await waitForStatus(
      backend.server,
      backend.user('bob'),
      workspace.id,
      'Running',
      120_000,
    );
    const lab = jupyterClient(
      await openToolSession(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'jupyterlab',
      ),
    );
    // a cell that runs 20 s, while the plugin's clock moves on by 75 min:
    // longer than the 60 min idle limit, as the plugin sees it. Once the
    // clock moved, the test sends nothing through the proxy (that would be
    // use of the workspace) and keeps no socket open.
    await lab.startCell('import time; time.sleep(20)');
    await until('the kernel to be busy', async () => {
      const kernels = await lab.api('GET', 'api/kernels');
      return kernels.some((k: any) => k.execution_state === 'busy');
    });
    const cellStartedAt = Date.now();
    clock.advance(75);

    const warned = await until('the idle warning', async () => {
      const w = await get(workspace.id);
      return w.autoStop ? { w, at: Date.now() } : undefined;
    });
    // while the cell ran, the engine (every second) saw a busy kernel
    expect(warned.at).toBeGreaterThanOrEqual(cellStartedAt + 19_000);
    expect(warned.w.autoStop).toMatchObject({
      reason: 'Idle',
      message: 'idle for 60 min',
    });
    expect(warned.w.desiredState).toBe('Running');
    // JupyterLab's own last activity is the workspace's
    expect(Date.parse(warned.w.lastActivityAt)).toBeGreaterThanOrEqual(
      cellStartedAt,
    );

    clock.advance(16);
    const stopped = await waitForStatus(
      backend.server,
      backend.user('bob'),
      workspace.id,
      'Stopped',
    );
    expect(stopped.statusMessage).toBe(
      'Stopped: idle for 60 min; configuration and volumes are kept',
    );
  });
});
