import { getKubeLocal } from '@internal/kube-local';
import { rmSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { jupyterClient } from '../__testUtils__/jupyterClient';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { REAL_JUPYTERLAB } from '../__testUtils__/realTools';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { openToolSession } from '../__testUtils__/toolSession';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { reliabilitySizes } from './__testUtils__/reliabilitySizes';
import { reportFigures } from './__testUtils__/reportFigures';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(1_800_000);

/** Files written earlier that JupyterLab no longer lists or serves as written. */
async function countLost(
  lab: ReturnType<typeof jupyterClient>,
  written: string[],
): Promise<number> {
  const present = await lab.list('work');
  let lost = 0;
  for (const file of written) {
    const cycle = file.match(/\d+/)![0];
    if (
      !present.includes(file) ||
      (await (await lab.readFile(`work/${file}`)).text()) !==
        `written in cycle ${cycle}\n`
    ) {
      lost++;
    }
  }
  return lost;
}

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

describe(`data retention over stop/start cycles (${databaseId})`, () => {
  let backend: WorkspacesTestBackend;

  beforeAll(async () => {
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId,
      workspaces: {
        environments: [...buildingBlocksConfig.environments, REAL_JUPYTERLAB],
      },
    }));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('keeps the files, the volume claim and the configuration through every cycle', async () => {
    // a real JupyterLab (kube-local's process runtime): each cycle writes a
    // file through it onto the home volume and reads every earlier one back
    const workspace = await createWorkspace(
      backend.server,
      backend.user('bob'),
      { name: 'retained', environment: REAL_JUPYTERLAB.id },
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
        120_000,
        100,
      );
    const lab = async () =>
      jupyterClient(
        await openToolSession(
          backend.server,
          backend.user('bob'),
          workspace.id,
          'jupyterlab',
        ),
      );
    const written: string[] = [];
    let filesLost = 0;
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
    // the revision counts intents too: every start and stop raises it; the
    // configuration is what the API shows and what the pod is made of
    const { apps } = adminClients(getKubeLocal());
    const configuration = async () => {
      const { environment, compute, dataSources, env } = await get();
      const statefulSet = await apps.readNamespacedStatefulSet({
        namespace: 'vision',
        name: 'ws-retained',
      });
      const pod = statefulSet.spec!.template.spec!;
      return JSON.stringify({
        api: { environment, compute, dataSources, env },
        pod: {
          containers: pod.containers.map(({ image, env: vars, resources }) => ({
            image,
            env: vars,
            resources,
          })),
          volumes: pod.volumes,
        },
      });
    };
    const before = await configuration();
    const uids = new Set<string | undefined>([uid]);
    let configurationChanges = 0;
    for (let cycle = 0; cycle < reliabilitySizes.retentionCycles; cycle++) {
      const beforeStop = await lab();
      const name = `cycle-${cycle}.txt`;
      await beforeStop.writeFile(`work/${name}`, `written in cycle ${cycle}\n`);
      written.push(name);
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
      filesLost += await countLost(await lab(), written);
      if ((await configuration()) !== before) {
        configurationChanges++;
      }
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
      'files written through JupyterLab': written.length,
      'files lost or changed': filesLost,
      'configuration changes': configurationChanges,
    });
    expect(filesLost).toBe(0);

    // negative control: a file removed from the volume behind JupyterLab's
    // back is counted as lost
    const claim = await core.readNamespacedPersistentVolumeClaim({
      namespace: 'vision',
      name: 'ws-retained-home',
    });
    const volume = await core.readPersistentVolume({
      name: claim.spec!.volumeName!,
    });
    rmSync(join(volume.spec!.hostPath!.path, written[0]));
    expect(await countLost(await lab(), written)).toBe(1);
    expect(configurationChanges).toBe(0);
    // negative control: a changed variable, applied at the next start, is a
    // configuration change
    const changed = await request(backend.server)
      .patch(api)
      .set('Authorization', backend.user('bob'))
      .send({
        revision: (await get()).revision,
        env: [{ name: 'CHANGED_BY_THE_TEST', value: '1' }],
      });
    expect(changed.status).toBe(200);
    expect(await configuration()).not.toBe(before);
    expect([...uids]).toEqual([uid]);
    expect(runs).toHaveLength(reliabilitySizes.retentionCycles + 1);
  });
});
