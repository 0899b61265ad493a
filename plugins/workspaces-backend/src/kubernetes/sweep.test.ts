import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { adminClients } from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { AuditedCluster } from '../reliability/__testUtils__/startAuditedCluster';
import { startAuditedBackend } from '../reliability/__testUtils__/startAuditedBackend';
import { KubernetesWorkspaceRuntime } from './KubernetesWorkspaceRuntime';

jest.setTimeout(180_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('the sweep on %s', databaseId => {
  let cluster: AuditedCluster;
  let backend: WorkspacesTestBackend;
  let stop: () => Promise<void>;
  const namespace = 'vision';
  const get = async (id: string) =>
    (
      await request(backend.server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', backend.user('bob'))
    ).body;

  beforeAll(async () => {
    // a control plane of its own, whose audit log holds every request of
    // the plugin; a sweep every second, objects trusted for 5 minutes
    ({ cluster, backend, stop } = await startAuditedBackend({
      databases,
      databaseId,
      namespaces: [namespace],
    }));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await stop?.();
  });

  it('passes settled workspaces by without a request (audit log), looks again at one whose pod changed, and (negative control) sees the requests of one that is not settled', async () => {
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

    // the watch sees the pod go; passes follow until it is back and Ready
    const podName = `ws-${running.name}-0`;
    const since = (await get(running.id)).statusSince;
    await adminClients(cluster.kube).core.deleteNamespacedPod({
      namespace,
      name: podName,
      gracePeriodSeconds: 0,
    });
    const back = await waitUntil(
      'the workspace to be Running again, after a status of its own meanwhile',
      async () => {
        const body = await get(running.id);
        return {
          done: body.status === 'Running' && body.statusSince !== since,
          value: body,
        };
      },
      60_000,
    );
    expect(back.value.statusMessage).toMatch(/^Running on node /);

    // negative control: a workspace that is not settled costs requests,
    // and the same count of the audit log sees them
    const beforeStart = cluster.requests().length;
    const started = await request(backend.server)
      .post(`/api/workspaces/workspaces/${stopped.id}/start`)
      .set('Authorization', bob);
    expect(started.status).toBe(202);
    await waitForStatus(backend.server, bob, stopped.id, 'Running');
    expect(
      cluster
        .requests()
        .slice(beforeStart)
        .map(r => `${r.verb} ${r.resource}/${r.name ?? ''}`),
    ).toContain(`patch statefulsets/ws-${stopped.name}`);
  });
});
