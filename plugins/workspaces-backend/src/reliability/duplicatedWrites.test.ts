import { KubernetesObject } from '@kubernetes/client-node';
import { RuntimeStore } from '../database/RuntimeStore';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { createTestRuntime } from '../__testUtils__/createTestRuntime';
import { runtimeTestConfig } from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { KubernetesWorkspaceRuntime } from '../kubernetes/KubernetesWorkspaceRuntime';
import { WorkspaceObjects } from '../kubernetes/WorkspaceObjects';
import { countDuplicatedWrites } from './__testUtils__/countDuplicatedWrites';
import {
  AuditedCluster,
  startAuditedCluster,
} from './__testUtils__/startAuditedCluster';

jest.setTimeout(300_000);

const databases = createTestDatabases();
// the two runtimes share the backend's database client: SQLite serves
const [[databaseId]] = databases.eachSupportedId().slice(-1);

/**
 * The negative control of races.test.ts's "without a duplicated Kubernetes
 * write": with the lease that serializes a workspace's passes disabled, two
 * replicas that reconcile one start at the same time both apply it, and
 * countDuplicatedWrites must say so. Shows the detector can fail for what
 * it is named after.
 */
describe('negative control: countDuplicatedWrites with the lease disabled', () => {
  let cluster: AuditedCluster;
  let backend: WorkspacesTestBackend;
  const runtimes: KubernetesWorkspaceRuntime[] = [];

  beforeAll(async () => {
    cluster = await startAuditedCluster(['vision']);
    const { workspaces } = runtimeTestConfig(
      cluster.kube,
      await cluster.pluginToken(),
    );
    // the API and the database, without a runtime of its own: the two
    // runtimes below are the only ones that reconcile
    backend = await startWorkspacesTestBackend({
      databases,
      databaseId,
      config: { workspaces },
    });
    const knex = await backend.workspacesDatabase();
    for (let i = 0; i < 2; i++) {
      // a token each, so the audit log tells the replicas apart
      runtimes.push(
        await createTestRuntime({
          kube: cluster.kube,
          token: await cluster.pluginToken(),
          knex,
        }),
      );
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await Promise.all(runtimes.map(runtime => runtime.stop()));
    await backend?.stop();
    await cluster?.stop();
  });

  it('negative control: two replicas without the lease both patch the StatefulSet of one start, and countDuplicatedWrites reports it', async () => {
    // the test-only switch: every replica gets the lease, always
    jest
      .spyOn(RuntimeStore.prototype, 'acquireLease')
      .mockImplementation(async function always(this: RuntimeStore, id) {
        return { record: await this.getWorkspace(id) };
      });
    // each replica's StatefulSet patch waits until the other's is due too,
    // so both passes overlap however busy the machine is; at most 20 s,
    // within the 30 s lease (a pass held past it lets the other replica in)
    const due: Array<() => void> = [];
    const apply = WorkspaceObjects.prototype.apply;
    jest
      .spyOn(WorkspaceObjects.prototype, 'apply')
      .mockImplementation(async function gated<T extends KubernetesObject>(
        this: WorkspaceObjects,
        object: T,
      ) {
        if (object.kind === 'StatefulSet') {
          await new Promise<void>(resolve => {
            due.push(resolve);
            if (due.length >= 2) due.forEach(go => go());
            else setTimeout(resolve, 20_000);
          });
        }
        return apply.call(this, object) as Promise<T>;
      });

    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      { name: 'uncoordinated' },
    );
    // both replicas hear of the start, as after a crash or a missed lease
    runtimes.forEach(runtime => runtime.workspaceChanged(workspace.id));
    await Promise.all(runtimes.map(runtime => runtime.idle()));

    const { duplicated, statefulSetPatchesByReplica } = countDuplicatedWrites(
      cluster.requests(),
    );
    expect(statefulSetPatchesByReplica.size).toBe(2);
    expect(duplicated).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^patch statefulsets\/vision\/ws-uncoordinated .*repeats the other replica's$/,
        ),
      ]),
    );
  });
});
