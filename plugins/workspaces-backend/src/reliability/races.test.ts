import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { runtimeTestConfig } from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { countDuplicatedWrites } from './__testUtils__/countDuplicatedWrites';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import {
  AuditedCluster,
  startAuditedCluster,
} from './__testUtils__/startAuditedCluster';
import { waitUntil } from '../__testUtils__/waitUntil';
import { watchPodCounts } from './__testUtils__/watchPodCounts';

jest.setTimeout(900_000);

const databases = createTestDatabases();
// replicas share one database; SQLite in memory cannot be shared between them
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id !== 'SQLITE_3');
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

describeOnPostgres('races on %s', databaseId => {
  let cluster: AuditedCluster;
  const replicas: WorkspacesTestBackend[] = [];
  const tokens: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    cluster = await startAuditedCluster(['vision']);
    const shared = new Map<string, ReturnType<TestDatabases['init']>>();
    for (let i = 0; i < 2; i++) {
      // a token each, so the audit log tells the replicas apart
      tokens.push(await cluster.pluginToken());
      replicas.push(
        await startWorkspacesTestBackend({
          databases,
          databaseId,
          sharedDatabases: shared,
          config: runtimeTestConfig(cluster.kube, tokens[i]),
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map(replica => replica.stop()));
    await cluster?.stop();
    reportFigures('races', figures);
  });

  const watchPods = (id: string) =>
    watchPodCounts(
      cluster.kube,
      'vision',
      `workspaces.backstage.io/workspace-id=${id}`,
    );

  const get = (backend: WorkspacesTestBackend, id: string) =>
    request(backend.server)
      .get(`/api/workspaces/workspaces/${id}`)
      .set('Authorization', backend.user('bob'));

  it('settles concurrent calls on one workspace consistently, with 409 for stale revisions and never two pods', async () => {
    const [a, b] = replicas;
    const workspace = await createWorkspace(a.server, a.user('bob'), {
      name: 'contended',
    });
    const pods = await watchPods(workspace.id);
    const calls = Array.from(
      { length: reliabilitySizes.concurrentCalls },
      (_, i) => {
        const backend = i % 2 ? b : a;
        const path = `/api/workspaces/workspaces/${workspace.id}`;
        const kind = ['start', 'stop', 'update', 'update', 'stop', 'start'][
          i % 6
        ];
        const call =
          kind === 'update'
            ? request(backend.server)
                .patch(path)
                .send({
                  revision: workspace.revision,
                  env: [{ name: 'CALL', value: String(i) }],
                })
            : request(backend.server).post(`${path}/${kind}`);
        return call
          .set('Authorization', backend.user('bob'))
          .then(r => ({ kind, status: r.status }));
      },
    );
    // one delete among them, after the others were sent
    const answers = await Promise.all(calls);
    const updates = answers.filter(r => r.kind === 'update');
    expect(answers.filter(r => r.status >= 500)).toEqual([]);
    // every update was based on the same revision: at most one may win
    expect(updates.filter(r => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(
      updates.filter(r => r.status !== 200).every(r => r.status === 409),
    ).toBe(true);

    // the final state is the one the database holds, and the cluster follows it
    const final = (await get(a, workspace.id)).body;
    const wanted = final.desiredState === 'Running' ? 'Running' : 'Stopped';
    await waitUntil(
      `the workspace to be ${wanted}`,
      async () => {
        const body = (await get(b, workspace.id)).body;
        return { done: body.status === wanted, value: body.status };
      },
      60_000,
    );
    // the cluster holds exactly the pods of that state; then one run more,
    // so the watch has seen the workspace run whichever state won
    await pods.until(wanted === 'Running' ? 1 : 0, `the ${wanted} workspace`);
    if (wanted === 'Stopped') {
      const started = await request(b.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/start`)
        .set('Authorization', b.user('bob'));
      if (started.status !== 202) {
        throw new Error(`the start answered ${started.status}`);
      }
      await pods.until(1, 'the started workspace');
    }
    const deleted = await request(a.server)
      .delete(`/api/workspaces/workspaces/${workspace.id}`)
      .set('Authorization', a.user('bob'));
    expect(deleted.status).toBe(202);
    const afterDelete = await Promise.all(
      ['start', 'stop'].map(kind =>
        request(b.server)
          .post(`/api/workspaces/workspaces/${workspace.id}/${kind}`)
          .set('Authorization', b.user('bob')),
      ),
    );
    expect(afterDelete.map(r => r.status)).toEqual([409, 409]);
    // never two pods, and the pod goes with the workspace
    await pods.until(0, 'the deleted workspace');
    pods.check();
    pods.stop();
    figures['concurrent calls on one workspace'] = answers.length;
    figures['stale updates refused with 409'] = updates.filter(
      r => r.status === 409,
    ).length;
    figures['most pods of one workspace at once'] = pods.seen.most;
    expect(pods.seen.most).toBe(1);
  });

  it('shares operations between two replicas without a duplicated Kubernetes write', async () => {
    const workspaces = [];
    for (let i = 0; i < reliabilitySizes.replicaWorkspaces; i++) {
      workspaces.push(
        await createWorkspace(replicas[i % 2].server, replicas[0].user('bob'), {
          name: `shared-${i}`,
          start: false,
        }),
      );
    }
    const watches = await Promise.all(workspaces.map(w => watchPods(w.id)));
    let operations = 0;
    // every workspace gets start and stop in turn, from either replica
    while (operations < reliabilitySizes.replicaOperations) {
      const round = operations;
      await Promise.all(
        workspaces.map(async (w, i) => {
          const backend = replicas[(round + i) % 2];
          const action = (round / workspaces.length) % 2 ? 'stop' : 'start';
          const answer = await request(backend.server)
            .post(`/api/workspaces/workspaces/${w.id}/${action}`)
            .set('Authorization', backend.user('bob'));
          expect(answer.status).toBe(202);
        }),
      );
      operations += workspaces.length;
      // let the replicas work on it, as users would not click every millisecond
      await new Promise(resolve => setTimeout(resolve, 300));
    }
    const last =
      (operations / workspaces.length - 1) % 2 ? 'Stopped' : 'Running';
    for (const w of workspaces) {
      await waitUntil(
        `${w.name} to be ${last}`,
        async () => {
          const body = (await get(replicas[0], w.id)).body;
          return { done: body.status === last, value: body.status };
        },
        90_000,
      );
    }
    // each workspace ran, never with two pods, and holds the pods of its state
    for (const [i, w] of watches.entries()) {
      await w.until(last === 'Running' ? 1 : 0, workspaces[i].name);
      w.check();
      w.stop();
    }
    // the writes of both tests: each replica's must be its own intents
    const {
      writes,
      writesByReplica,
      statefulSetPatchesByReplica,
      duplicated,
      alreadyGone,
    } = countDuplicatedWrites(cluster.requests());
    figures['operations shared by two replicas'] = operations;
    figures['Kubernetes writes by the replicas'] = writes;
    figures['replicas seen writing'] = writesByReplica.size;
    figures['replicas seen patching StatefulSets'] =
      statefulSetPatchesByReplica.size;
    figures['duplicated Kubernetes writes'] = duplicated.length;
    figures['deletes of objects the garbage collector removed first'] =
      alreadyGone;
    figures['most pods of a shared workspace at once'] = Math.max(
      ...watches.map(w => w.seen.most),
    );
    // both replicas applied starts and stops, so a duplicate could show
    expect(statefulSetPatchesByReplica.size).toBe(2);
    expect(duplicated).toEqual([]);
    expect(watches.map(w => w.seen.most)).toEqual(watches.map(() => 1));
  });

  it('negative control: a pod watch that dies fails the test that reads its counts', async () => {
    // an invalid label selector: the API server refuses the watch
    const pods = await watchPodCounts(
      cluster.kube,
      'vision',
      'not a selector!',
    );
    await waitUntil(
      'the refused watch to be reported dead',
      async () => ({ done: !!pods.seen.dead, value: pods.seen }),
      30_000,
    );
    expect(() => pods.check()).toThrow();
    await expect(pods.until(0, 'a workspace')).rejects.toThrow();
    pods.stop();
  });
});
