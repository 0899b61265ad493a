import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { adminClients } from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { AuditedCluster } from '../reliability/__testUtils__/startAuditedCluster';
import { startAuditedBackend } from '../reliability/__testUtils__/startAuditedBackend';
import { workspacePodName } from './labels';
import { PULL_SHOWN_AFTER_MS } from './podEventsDueAt';

jest.setTimeout(240_000);

const databases = createTestDatabases();

/** How long kube-local keeps the pods of this test in ContainerCreating. */
const CREATING_MS = 12_000;

/**
 * A pod whose container waits to be created: its events (a pull in
 * progress?) are not listed while it is young, so a burst of starts costs
 * the API server no list; and they are listed once it is old enough, though
 * nothing about the pod changed (a pull raises no pod event), not left to
 * the sweep.
 */
describe.each(databases.eachSupportedId())(
  'the events of a pod being created on %s',
  databaseId => {
    let cluster: AuditedCluster;
    let backend: WorkspacesTestBackend;
    let stop: () => Promise<void>;
    const namespace = 'vision';
    const suffix = databaseId.toLowerCase().replace('_', '');

    beforeAll(async () => {
      ({ cluster, backend, stop } = await startAuditedBackend({
        databases,
        databaseId,
        namespaces: [namespace],
        workspaces: {
          kubernetes: {
            // no sweep during the test: only the look again lists them
            sweepIntervalSeconds: 600,
            workload: 'Pod',
            podAnnotations: {
              'kube-local.sim/start-delay': `${CREATING_MS / 1000}s`,
            },
          },
        },
      }));
    });

    afterAll(() => stop?.());

    it('are listed only once the pod is old enough for a pull to show, and then without waiting for a change of the pod', async () => {
      const bob = backend.user('bob');
      const before = cluster.requests().length;
      const workspace = await createWorkspace(backend.server, bob, {
        name: `creating-${suffix}`,
      });
      await waitForStatus(
        backend.server,
        bob,
        workspace.id,
        'Running',
        CREATING_MS + 60_000,
      );
      const { core } = adminClients(cluster.kube);
      const pod = await core.readNamespacedPod({
        namespace,
        name: workspacePodName(workspace.name),
      });
      const createdMs = new Date(pod.metadata!.creationTimestamp!).getTime();
      const readyMs = new Date(
        pod.status!.conditions!.find(
          c => c.type === 'Ready',
        )!.lastTransitionTime!,
      ).getTime();
      const eventLists = cluster
        .requests()
        .slice(before)
        .filter(r => r.verb === 'list' && r.resource === 'events')
        .map(r => r.receivedMs);
      // the pod's times have whole seconds: created up to 1 s after
      // createdMs, Ready up to 1 s after readyMs
      expect(readyMs - createdMs).toBeGreaterThanOrEqual(CREATING_MS - 1000);
      expect(eventLists.length).toBeGreaterThan(0);
      expect(Math.min(...eventLists)).toBeGreaterThanOrEqual(
        createdMs + PULL_SHOWN_AFTER_MS,
      );
      expect(Math.min(...eventLists)).toBeLessThan(readyMs);
    });
  },
);
