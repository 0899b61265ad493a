import { getKubeLocal } from '@internal/kube-local';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
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
import { WORKSPACE_ID_LABEL } from '../kubernetes/labels';

jest.setTimeout(300_000);

const databases = createTestDatabases();

/** A claim the platform team made in the project's namespace, e.g. datasets. */
const SHARED_CLAIM = 'shared-datasets';

/*
 * "Duplicate" in the portal is a create (POST /workspaces) with the spec
 * of an existing workspace, as the frontend builds it from GET. This is
 * what a user of it relies on, on the local cluster: the copy gets volume
 * claims of its own, new and empty (different objects, different
 * directories), and the original's claims and data are untouched. A `pvc`
 * data source names a claim that already exists: the copy mounts that same
 * claim, as every workspace that chooses the source does (the stepper says
 * so).
 */
describe.each(databases.eachSupportedId())(
  'a duplicated workspace on the local cluster (%s)',
  databaseId => {
    const kube = getKubeLocal();
    const { core, apps } = adminClients(kube);
    // both databases' runs share the cluster's namespace: names of their own
    const suffix = databaseId.toLowerCase().replace(/[^a-z0-9]/g, '');
    const originalName = `dup-src-${suffix}`;
    const copyName = `${originalName}-copy`;
    let backend: WorkspacesTestBackend;

    const claim = (name: string) =>
      core.readNamespacedPersistentVolumeClaim({ namespace: 'vision', name });
    /** The directory kube-local keeps a bound claim's data in. */
    const volumeDirectory = async (claimName: string) => {
      const { value: bound } = await waitUntil(
        `${claimName} bound`,
        async () => {
          const value = await claim(claimName);
          return { done: value.status?.phase === 'Bound', value };
        },
        60_000,
        100,
      );
      const volume = await core.readPersistentVolume({
        name: bound.spec!.volumeName!,
      });
      return volume.spec!.hostPath!.path;
    };
    const claimsOf = async (workspaceId: string) =>
      (
        await core.listNamespacedPersistentVolumeClaim({
          namespace: 'vision',
          labelSelector: `${WORKSPACE_ID_LABEL}=${workspaceId}`,
        })
      ).items;
    const podClaims = async (workspaceName: string) =>
      (
        await apps.readNamespacedStatefulSet({
          namespace: 'vision',
          name: `ws-${workspaceName}`,
        })
      ).spec!.template.spec!.volumes!.flatMap(volume =>
        volume.persistentVolumeClaim
          ? [volume.persistentVolumeClaim.claimName]
          : [],
      );

    beforeAll(async () => {
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        workspaces: {
          dataSources: [
            ...buildingBlocksConfig.dataSources,
            {
              id: 'datasets',
              type: 'pvc',
              title: 'Datasets',
              mountPath: '/data/datasets',
              name: SHARED_CLAIM,
              readOnly: true,
            },
          ],
        },
      }));
      await core
        .createNamespacedPersistentVolumeClaim({
          namespace: 'vision',
          body: {
            metadata: { name: SHARED_CLAIM },
            spec: {
              accessModes: ['ReadWriteMany'],
              resources: { requests: { storage: '1Gi' } },
            },
          },
        })
        .catch(error => {
          // the other database's run made it already
          if (error?.code !== 409) throw error;
        });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('gives the copy new, empty volume claims and leaves the original its own', async () => {
      const bob = backend.user('bob');
      const original = await createWorkspace(backend.server, bob, {
        name: originalName,
        dataSources: [{ id: 'home', size: '20Gi' }, { id: 'datasets' }],
      });
      await waitForStatus(backend.server, bob, original.id, 'Running');
      const originalClaimName = `ws-${originalName}-home`;
      const before = await claim(originalClaimName);
      const originalDirectory = await volumeDirectory(originalClaimName);
      writeFileSync(join(originalDirectory, 'results.csv'), 'epoch,loss\n');

      // what the stepper sends: the original's spec from GET, a new name, and
      // the secret values entered again (the API never returns them)
      const read = (
        await request(backend.server)
          .get(`/api/workspaces/workspaces/${original.id}`)
          .set('Authorization', bob)
      ).body;
      expect(read.env).toEqual([
        { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
        { name: 'API_TOKEN', secret: true },
      ]);
      const created = await request(backend.server)
        .post('/api/workspaces/workspaces')
        .set('Authorization', bob)
        .send({
          project: read.project,
          name: copyName,
          environment: read.environment,
          compute: read.compute,
          dataSources: read.dataSources,
          env: read.env.map((variable: { name: string; secret: boolean }) =>
            variable.secret
              ? { ...variable, value: 'entered-again' }
              : variable,
          ),
          start: true,
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: copyName,
        environment: read.environment,
        compute: read.compute,
        dataSources: read.dataSources,
        env: read.env,
      });
      await waitForStatus(backend.server, bob, created.body.id, 'Running');

      // the copy's claim: another object, its own name, uid and volume
      const copyClaimName = `ws-${copyName}-home`;
      const copyClaim = await claim(copyClaimName);
      expect(copyClaim.metadata!.uid).not.toBe(before.metadata!.uid);
      expect(copyClaim.metadata!.labels![WORKSPACE_ID_LABEL]).toBe(
        created.body.id,
      );
      expect(copyClaim.spec!.resources!.requests!.storage).toBe('20Gi');
      expect(
        (await claimsOf(created.body.id)).map(c => c.metadata!.name),
      ).toEqual([copyClaimName]);
      const copyDirectory = await volumeDirectory(copyClaimName);
      expect(copyDirectory).not.toBe(originalDirectory);
      expect(readdirSync(copyDirectory)).not.toContain('results.csv');
      expect(await podClaims(copyName)).toEqual([copyClaimName, SHARED_CLAIM]);

      // the original's: the same object, with its data, still its pod's
      const after = await claim(originalClaimName);
      expect(after.metadata!.uid).toBe(before.metadata!.uid);
      expect(after.metadata!.deletionTimestamp).toBeUndefined();
      expect(after.spec).toEqual(before.spec);
      expect((await claimsOf(original.id)).map(c => c.metadata!.name)).toEqual([
        originalClaimName,
      ]);
      expect(readFileSync(join(originalDirectory, 'results.csv'), 'utf8')).toBe(
        'epoch,loss\n',
      );
      expect(await podClaims(originalName)).toEqual([
        originalClaimName,
        SHARED_CLAIM,
      ]);
      expect(
        (
          await request(backend.server)
            .get(`/api/workspaces/workspaces/${original.id}`)
            .set('Authorization', bob)
        ).body,
      ).toMatchObject({ status: 'Running', revision: read.revision });

      // deleting the copy takes its claim and data, never the original's
      const deleted = await request(backend.server)
        .delete(`/api/workspaces/workspaces/${created.body.id}`)
        .set('Authorization', bob);
      expect(deleted.status).toBe(202);
      await waitUntil(
        `${copyClaimName} deleted`,
        async () => {
          const left = await claimsOf(created.body.id);
          return { done: left.length === 0, value: left.length };
        },
        60_000,
        100,
      );
      expect((await claim(originalClaimName)).metadata!.uid).toBe(
        before.metadata!.uid,
      );
      expect(existsSync(join(originalDirectory, 'results.csv'))).toBe(true);
      expect((await claim(SHARED_CLAIM)).metadata!.deletionTimestamp).toBe(
        undefined,
      );
    });
  },
);
