import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import {
  AuditedCluster,
  startAuditedCluster,
} from '../reliability/__testUtils__/startAuditedCluster';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';

jest.setTimeout(180_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('the sweep on %s', databaseId => {
  let cluster: AuditedCluster;
  let backend: WorkspacesTestBackend;
  const namespace = 'vision';

  beforeAll(async () => {
    // a control plane of its own, whose audit log holds every request of
    // the plugin; a sweep every second, objects trusted for 5 minutes
    cluster = await startAuditedCluster([namespace]);
    backend = await startWorkspacesTestBackend({
      databases,
      databaseId,
      config: runtimeTestConfig(cluster.kube, await cluster.pluginToken()),
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await backend?.stop();
    await cluster?.stop();
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
    // sweeps are counted, not timed; the ones after the start converge
    const sweeps = jest.spyOn(KubernetesWorkspaceRuntime.prototype, 'sweep');
    const sweepsDone = async (count: number) => {
      const from = sweeps.mock.results.length;
      await waitUntil(
        `${count} sweeps`,
        async () => {
          const done = sweeps.mock.results.slice(from);
          await Promise.all(done.map(result => result.value));
          return { done: done.length >= count, value: done.length };
        },
        60_000,
      );
    };
    await sweepsDone(3);

    // three sweeps over settled workspaces: not one request of the plugin
    // reaches the API server (the pod watch, open before, is not one)
    const before = cluster.requests().length;
    await sweepsDone(3);
    const during = cluster
      .requests()
      .slice(before)
      .map(r => `${r.verb} ${r.resource}/${r.name ?? ''} ${r.code}`);
    expect(during).toEqual([]);

    // the watch sees the pod go; passes follow until it is back and Ready,
    // and the same log shows them read it
    const podName = `ws-${running.name}-0`;
    const beforeDelete = cluster.requests().length;
    await adminClients(cluster.kube).core.deleteNamespacedPod({
      namespace,
      name: podName,
      gracePeriodSeconds: 0,
    });
    const back = await waitForStatus(
      backend.server,
      bob,
      running.id,
      'Running',
    );
    expect(back.statusMessage).toMatch(/^Running on node /);
    const after = cluster.requests().slice(beforeDelete);
    expect(after.length).toBeGreaterThan(0);
    expect(
      after.some(
        r => r.verb === 'get' && r.resource === 'pods' && r.name === podName,
      ),
    ).toBe(true);
  });
});
