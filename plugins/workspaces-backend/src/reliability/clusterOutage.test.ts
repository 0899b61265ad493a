import { KubeLocal, startKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { checkConvergence } from './__testUtils__/checkConvergence';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(600_000);

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

describe(`a cluster outage during operations (${databaseId})`, () => {
  // a control plane of its own: stopping the shared one would disturb other tests
  let kube: KubeLocal;
  let backend: WorkspacesTestBackend;

  beforeAll(async () => {
    kube = await startKubeLocal();
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId,
      kube,
    }));
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
  });

  const list = async () =>
    (
      await request(backend.server)
        .get('/api/workspaces/workspaces?project=system:default/vision')
        .set('Authorization', backend.user('bob'))
    ).body.items as Array<{ id: string; status: string; desiredState: string }>;

  it('turns Unknown within 10 s, keeps every intent, and converges within 30 s of the return', async () => {
    const running = [];
    for (const name of ['out-a', 'out-b']) {
      running.push(
        await createWorkspace(backend.server, backend.user('bob'), { name }),
      );
    }
    const stopped = await createWorkspace(backend.server, backend.user('bob'), {
      name: 'out-c',
      start: false,
    });
    const settled = (items: Awaited<ReturnType<typeof list>>) =>
      items.every(w => w.status === w.desiredState);
    await waitUntil(
      'the workspaces to settle',
      async () => {
        const items = await list();
        return { done: settled(items), value: items.map(w => w.status) };
      },
      60_000,
    );

    const outageStarted = Date.now();
    await kube.stopApiServer();
    // operations during the outage: accepted, recorded, applied later
    const intents = [
      ['stop', running[0].id, 'Stopped'],
      ['start', stopped.id, 'Running'],
    ] as const;
    for (const [action, id] of intents) {
      const answer = await request(backend.server)
        .post(`/api/workspaces/workspaces/${id}/${action}`)
        .set('Authorization', backend.user('bob'));
      expect(answer.status).toBe(202);
    }
    const unknown = await waitUntil(
      'every status to be Unknown',
      async () => {
        const items = await list();
        return {
          done: items.every(w => w.status === 'Unknown'),
          value: items.map(w => w.status),
        };
      },
      10_000,
    );
    const outageMs = reliabilitySizes.outageSeconds * 1000;
    await new Promise(resolve =>
      setTimeout(resolve, Math.max(0, outageStarted + outageMs - Date.now())),
    );
    const during = await list();
    // never a stale Running while nobody can know
    expect(during.map(w => w.status)).toEqual(during.map(() => 'Unknown'));
    const wanted = new Map<string, 'Running' | 'Stopped'>([
      [running[0].id, 'Stopped'],
      [running[1].id, 'Running'],
      [stopped.id, 'Running'],
    ]);
    expect(new Map(during.map(w => [w.id, w.desiredState]))).toEqual(wanted);
    await kube.startApiServer();
    const outageSeconds = (Date.now() - outageStarted) / 1000;

    const { objects } = adminClients(kube);
    const claimUids = new Map<string, string>();
    const converged = await waitUntil(
      'convergence after the outage',
      async () => {
        const items = await list();
        const { problems } = await checkConvergence({
          objects,
          namespace: 'vision',
          desired: wanted,
          statuses: new Map(items.map(w => [w.id, w.status])),
          claimUids,
        });
        return { done: problems.length === 0, value: problems };
      },
      60_000,
    );
    // an intent is lost if the database or the cluster no longer follows it
    const lostIntents = (
      after: Awaited<ReturnType<typeof list>>,
      intended: Map<string, string>,
    ) =>
      [...intended].filter(([id, state]) => {
        const found = after.find(w => w.id === id);
        return found?.desiredState !== state || found?.status !== state;
      }).length;
    const after = await list();
    const lost = lostIntents(after, wanted);
    reportFigures('cluster-outage', {
      'outage seconds survived': outageSeconds.toFixed(0),
      'intents accepted during the outage': intents.length,
      'all Unknown after (s)': (unknown.ms / 1000).toFixed(1),
      'converged after the return (s)': (converged.ms / 1000).toFixed(1),
      'lost intents': lost,
    });
    expect(lost).toBe(0);
    expect(converged.ms).toBeLessThan(30_000);
    // negative control: had the stop of out-a been lost, it would be counted
    expect(
      lostIntents(after, new Map([...wanted, [running[0].id, 'Running']])),
    ).toBe(1);
  });
});
