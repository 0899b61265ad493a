import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import { waitUntil } from './__testUtils__/waitUntil';

jest.setTimeout(1_800_000);

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

describe(`data retention over stop/start cycles (${databaseId})`, () => {
  let backend: WorkspacesTestBackend;

  beforeAll(async () => {
    ({ backend } = await startRuntimeTestBackend({ databases, databaseId }));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('keeps the same volume claim and configuration through every cycle', async () => {
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      { name: 'retained' },
    );
    const api = `/api/workspaces/workspaces/${workspace.id}`;
    const get = async () =>
      (
        await request(backend.server)
          .get(api)
          .set('Authorization', backend.user('bob'))
      ).body;
    const reach = (status: string) =>
      waitUntil(
        status,
        async () => {
          const body = await get();
          return { done: body.status === status, value: body.status };
        },
        60_000,
        100,
      );
    const { core } = adminClients(getKubeLocal());
    const claimUid = async () =>
      (
        await core.readNamespacedPersistentVolumeClaim({
          namespace: 'vision',
          name: 'ws-retained-home',
        })
      ).metadata!.uid;
    await reach('Running');
    const uid = await claimUid();
    // the revision counts intents too: every start and stop raises it
    const configuration = ({
      environment,
      compute,
      dataSources,
      env,
    }: any) => ({ environment, compute, dataSources, env });
    const before = configuration(await get());
    const uids = new Set<string | undefined>([uid]);
    for (let cycle = 0; cycle < reliabilitySizes.retentionCycles; cycle++) {
      for (const [action, status] of [
        ['stop', 'Stopped'],
        ['start', 'Running'],
      ]) {
        const answer = await request(backend.server)
          .post(`${api}/${action}`)
          .set('Authorization', backend.user('bob'));
        expect(answer.status).toBe(202);
        await reach(status);
      }
      uids.add(await claimUid());
      expect(configuration(await get())).toEqual(before);
    }
    const runs = (
      await request(backend.server)
        .get(`${api}/runs`)
        .set('Authorization', backend.user('bob'))
    ).body.items;
    reportFigures('data-retention', {
      'stop/start cycles': reliabilitySizes.retentionCycles,
      'runs recorded': runs.length,
      'volume claim UIDs seen': uids.size,
      'configuration changes': 0,
    });
    expect([...uids]).toEqual([uid]);
    expect(runs).toHaveLength(reliabilitySizes.retentionCycles + 1);
  });
});
