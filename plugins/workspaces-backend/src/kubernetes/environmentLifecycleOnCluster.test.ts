import { getKubeLocal } from '@internal/kube-local';
import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  adminClients,
  startRuntimeTestBackend,
} from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import {
  WORKSPACE_ID_LABEL,
  workspacePodName,
  workspaceStatefulSetName,
} from './labels';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();
const { core, apps } = adminClients(kube);
const namespace = 'vision';

const [jupyterlab] = buildingBlocksConfig.environments;
const OLD_IMAGE = 'registry.example.com/test/scipy-notebook:2024-01-01';

/*
 * An environment's lifecycle on the local control plane: updating a
 * stopped workspace to the replacement of its deprecated environment, and
 * a workspace whose environment is removed from the config, keep the same
 * volume claim (the same object, by uid).
 */
describe.each(databases.eachSupportedId())(
  'environment lifecycle on the local cluster on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    const suffix = databaseId.toLowerCase().replace('_', '');
    const api = (path: string) => `/api/workspaces/workspaces${path}`;
    const bob = () => backend.user('bob');
    const post = (path: string) =>
      request(backend.server).post(api(path)).set('Authorization', bob());
    const update = (id: string, body: Record<string, unknown>) =>
      request(backend.server)
        .patch(api(`/${id}`))
        .set('Authorization', bob())
        .send(body);
    /** Polls a workspace until it is Stopped for a missing building block. */
    const waitForStoppedUnavailable = async (
      id: string,
      reason = 'EnvironmentUnavailable',
    ) =>
      (
        await waitUntil(
          'the workspace to be Stopped for its environment',
          async () => {
            const workspace = (
              await request(backend.server)
                .get(api(`/${id}`))
                .set('Authorization', bob())
            ).body;
            return {
              done:
                workspace.status === 'Stopped' &&
                workspace.statusReason === reason,
              value: workspace,
            };
          },
          60_000,
        )
      ).value;
    const claimsOf = async (id: string) =>
      (
        await core.listNamespacedPersistentVolumeClaim({
          namespace,
          labelSelector: `${WORKSPACE_ID_LABEL}=${id}`,
        })
      ).items.map(claim => ({
        name: claim.metadata!.name,
        uid: claim.metadata!.uid,
      }));
    const podImage = async (name: string) =>
      (
        await core.readNamespacedPod({
          namespace,
          name: workspacePodName(name),
        })
      ).spec!.containers.find(c => c.name === 'workspace')?.image;

    // a backend started again keeps the database (PostgreSQL; SQLite's is
    // in memory and goes with its backend)
    const shared = new Map();
    beforeAll(async () => {
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        kube,
        sharedDatabases: shared,
        workspaces: {
          environments: [
            ...buildingBlocksConfig.environments,
            {
              ...jupyterlab,
              id: 'lab-2024',
              title: 'JupyterLab 2024',
              image: OLD_IMAGE,
              lifecycle: 'deprecated',
              replacedBy: 'jupyterlab',
            },
          ],
        },
      }));
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('updates a stopped workspace to the replacement of its deprecated environment, keeping its volume claim', async () => {
      const name = `replaced-${suffix}`;
      const created = await createWorkspace(backend.server, bob(), {
        name,
        environment: 'lab-2024',
      });
      await waitForStatus(backend.server, bob(), created.id, 'Running');
      expect(await podImage(name)).toBe(OLD_IMAGE);
      const claims = await claimsOf(created.id);
      expect(claims).toHaveLength(1);
      expect((await post(`/${created.id}/stop`)).status).toBe(202);
      const stopped = await waitForStatus(
        backend.server,
        bob(),
        created.id,
        'Stopped',
      );

      const updated = await update(created.id, {
        revision: stopped.revision,
        environment: 'jupyterlab',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        environment: 'jupyterlab',
        pendingRestart: false,
      });
      expect((await post(`/${created.id}/start`)).status).toBe(202);
      await waitForStatus(backend.server, bob(), created.id, 'Running');

      expect(await podImage(name)).toBe(jupyterlab.image);
      expect(await claimsOf(created.id)).toEqual(claims);
    });

    it('holds a workspace whose environment was removed with a clear status, keeps its volume, and runs again once edited', async () => {
      const name = `removed-${suffix}`;
      const created = await createWorkspace(backend.server, bob(), { name });
      await waitForStatus(backend.server, bob(), created.id, 'Running');
      const claims = await claimsOf(created.id);
      // the admin removes its environment from the config: as the backend
      // sees it, the workspace's environment is one it no longer has
      const knex = await backend.workspacesDatabase();
      await knex('workspaces')
        .where({ id: created.id })
        .update({ environment_id: 'retired-lab' });

      expect((await post(`/${created.id}/stop`)).status).toBe(202);
      const held = await waitForStoppedUnavailable(created.id);
      expect(held.statusMessage).toBe(
        'Stopped: the environment retired-lab is no longer available to system:default/vision; edit the workspace to pick another environment, then start it. Its configuration and volumes are kept',
      );
      // its workload went; its volume claim is the same object
      await expect(
        apps.readNamespacedStatefulSet({
          namespace,
          name: workspaceStatefulSetName(name),
        }),
      ).rejects.toMatchObject({ code: 404 });
      expect(await claimsOf(created.id)).toEqual(claims);
      // listing and the explanation still work
      const listed = await request(backend.server)
        .get(api('?project=system:default/vision'))
        .set('Authorization', bob());
      expect(listed.status).toBe(200);
      expect(
        listed.body.items.find((w: any) => w.id === created.id),
      ).toMatchObject({ statusReason: 'EnvironmentUnavailable' });
      const explanation = await request(backend.server)
        .get(api(`/${created.id}/explanation`))
        .set('Authorization', bob());
      expect(explanation.body).toMatchObject({
        reason: 'EnvironmentUnavailable',
        title: 'Its environment is no longer available',
      });
      // a start says what to do instead of failing later
      const refused = await post(`/${created.id}/start`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        `Workspace ${name} cannot start: the environment retired-lab is no longer available to system:default/vision; edit the workspace to pick another environment, then start it`,
      );

      const edited = await update(created.id, {
        revision: held.revision,
        environment: 'jupyterlab',
      });
      expect(edited.status).toBe(200);
      expect((await post(`/${created.id}/start`)).status).toBe(202);
      await waitForStatus(backend.server, bob(), created.id, 'Running');
      expect(await claimsOf(created.id)).toEqual(claims);
    });

    it('holds a stopped workspace whose compute preset was removed, until an edit picks another', async () => {
      const created = await createWorkspace(backend.server, bob(), {
        name: `no-preset-${suffix}`,
        start: false,
      });
      await waitForStatus(backend.server, bob(), created.id, 'Stopped');
      const knex = await backend.workspacesDatabase();
      await knex('workspaces')
        .where({ id: created.id })
        .update({ compute_preset_id: 'retired-preset' });

      const held = await waitForStoppedUnavailable(
        created.id,
        'ComputePresetUnavailable',
      );
      expect(held.statusMessage).toBe(
        'Stopped: the compute preset retired-preset is no longer available to system:default/vision; edit the workspace to pick another compute preset, then start it. Its configuration and volumes are kept',
      );
      expect((await post(`/${created.id}/start`)).status).toBe(409);
      const edited = await update(created.id, {
        revision: held.revision,
        compute: { preset: 'cpu-small' },
      });
      expect(edited.status).toBe(200);
      expect((await post(`/${created.id}/start`)).status).toBe(202);
      await waitForStatus(backend.server, bob(), created.id, 'Running');
    });

    if (databaseId !== 'SQLITE_3') {
      it('starts again without an environment its workspaces use, lists them and holds them with a clear status', async () => {
        const created = await createWorkspace(backend.server, bob(), {
          name: `restarted-${suffix}`,
          environment: 'lab-2024',
          start: false,
        });
        await waitForStatus(backend.server, bob(), created.id, 'Stopped');
        await backend.stop();
        // the admin removed lab-2024 from the config
        ({ backend } = await startRuntimeTestBackend({
          databases,
          databaseId,
          kube,
          sharedDatabases: shared,
        }));

        const held = await waitForStoppedUnavailable(created.id);
        expect(held.environment).toBe('lab-2024');
        const listed = await request(backend.server)
          .get(api('?project=system:default/vision'))
          .set('Authorization', bob());
        expect(listed.status).toBe(200);
        expect(listed.body.items.map((w: any) => w.id)).toContain(created.id);
      });
    }
  },
);
