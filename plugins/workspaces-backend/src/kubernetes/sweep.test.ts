import { getKubeLocal } from '@internal/kube-local';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { WorkspaceObjects } from './WorkspaceObjects';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.each(databases.eachSupportedId())('the sweep on %s', databaseId => {
  let backend: WorkspacesTestBackend;
  const namespace = 'vision';

  beforeAll(async () => {
    // a sweep every second, objects trusted for the default 5 minutes
    ({ backend } = await startRuntimeTestBackend({ databases, databaseId }));
  });

  afterAll(async () => {
    await backend?.stop();
    jest.restoreAllMocks();
  });

  it('passes settled workspaces by without a request, and looks again at one whose pod changed', async () => {
    const suffix = databaseId.toLowerCase().replace('_', '');
    const bob = backend.user('bob');
    const running = await createWorkspace(backend.server, bob, {
      name: `settled-${suffix}`,
    });
    const stopped = await createWorkspace(backend.server, bob, {
      name: `resting-${suffix}`,
      start: false,
    });
    await waitForStatus(backend.server, bob, running.id, 'Running');
    await waitForStatus(backend.server, bob, stopped.id, 'Stopped');
    await sleep(3_000); // the sweeps after the start converge

    const calls = (['read', 'apply', 'readPod', 'listPodEvents'] as const).map(
      method => jest.spyOn(WorkspaceObjects.prototype, method),
    );
    await sleep(3_500); // three sweeps
    for (const call of calls) {
      expect(call).not.toHaveBeenCalled();
    }

    // the watch sees the pod go; passes follow until it is back and Ready
    await adminClients(getKubeLocal()).core.deleteNamespacedPod({
      namespace,
      name: `ws-${running.name}-0`,
      gracePeriodSeconds: 0,
    });
    const [, , readPod] = calls;
    for (let i = 0; i < 100 && readPod.mock.calls.length === 0; i++) {
      await sleep(100);
    }
    expect(readPod).toHaveBeenCalledWith(namespace, `ws-${running.name}-0`);
    const back = await waitForStatus(
      backend.server,
      bob,
      running.id,
      'Running',
    );
    expect(back.statusMessage).toMatch(/^Running on node /);
  });
});
