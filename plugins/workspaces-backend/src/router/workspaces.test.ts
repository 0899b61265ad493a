import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import {
  createBody,
  createWorkspace,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'workspaces API on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    let names = 0;
    const uniqueName = () => `ws-${++names}`;
    const api = (path = '') => `/api/workspaces/workspaces${path}`;

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
    });

    afterAll(async () => {
      await backend.stop();
    });

    describe('create', () => {
      it('creates and starts a workspace, resolving the namespace from the catalog', async () => {
        const response = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .send(
            createBody({
              name: 'first-notebook',
              compute: { preset: 'cpu-small', overrides: { memory: '6Gi' } },
            }),
          );

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          name: 'first-notebook',
          project: 'system:default/vision',
          namespace: 'vision',
          environment: 'jupyterlab',
          compute: { preset: 'cpu-small', overrides: { memory: '6Gi' } },
          resources: { cpu: '500m', memory: '6Gi', gpu: 0 },
          dataSources: [{ id: 'home', size: '20Gi' }],
          env: [
            { name: 'MLFLOW_URL', value: 'http://mlflow', secret: false },
            { name: 'API_TOKEN', secret: true },
          ],
          desiredState: 'Running',
          status: 'Creating',
          statusMessage: 'Start requested by user:default/bob',
          pendingRestart: false,
          createdBy: 'user:default/bob',
          revision: 1,
        });
        expect(response.body.env[1].value).toBeUndefined();

        const runs = await request(backend.server)
          .get(api(`/${response.body.id}/runs`))
          .set('Authorization', backend.user('bob'));
        expect(runs.body.items).toHaveLength(1);
        expect(runs.body.items[0]).toMatchObject({
          resources: { cpu: '500m', memory: '6Gi', gpu: 0 },
        });
        expect(runs.body.items[0].endedAt).toBeUndefined();

        const events = await request(backend.server)
          .get(api(`/${response.body.id}/events`))
          .set('Authorization', backend.user('bob'));
        expect(events.body.items).toEqual([
          expect.objectContaining({
            to: 'Creating',
            reason: 'StartRequested',
            message: 'Start requested by user:default/bob',
          }),
        ]);
      });

      it('creates a stopped workspace without a run when start is false', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName(), start: false },
        );
        expect(created).toMatchObject({
          desiredState: 'Stopped',
          status: 'Stopped',
        });
        const runs = await request(backend.server)
          .get(api(`/${created.id}/runs`))
          .set('Authorization', backend.user('bob'));
        expect(runs.body.items).toEqual([]);
      });

      it('takes the GPU count of a preset, within its bounds', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          {
            name: uniqueName(),
            compute: { preset: 'gpu-1', overrides: { gpu: 2 } },
          },
        );
        expect(created.resources).toEqual({
          cpu: '4',
          memory: '16Gi',
          gpu: 2,
          gpuResourceName: 'nvidia.com/gpu',
        });
      });

      it('never stores a secret value in clear, nor returns or audits it', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        const knex = await backend.workspacesDatabase();
        const row = await knex('workspaces').where({ id: created.id }).first();
        expect(row.env_vars).toContain('API_TOKEN');
        expect(row.env_vars).not.toContain('s3cr3t-value');
        const fetched = await request(backend.server)
          .get(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'));
        expect(JSON.stringify(fetched.body)).not.toContain('s3cr3t-value');
        expect(JSON.stringify(backend.audit)).not.toContain('s3cr3t-value');
      });

      it.each([
        [
          { name: 'Not_A_Label' },
          'name: \'Not_A_Label\' is not a valid workspace name; use lower-case letters, digits and "-"',
        ],
        [{ name: 'a'.repeat(41) }, 'name'],
        [
          { environment: 'rstudio' },
          "environment: 'rstudio' is not an environment available to system:default/vision; available: jupyterlab, vision-lab",
        ],
        [
          { compute: { preset: 'huge' } },
          "compute.preset: 'huge' is not a compute preset available to system:default/vision; available: cpu-small, gpu-1",
        ],
        [
          { compute: { preset: 'cpu-small', overrides: { memory: '64Gi' } } },
          'compute.overrides.memory: 64Gi is outside the range 1Gi to 8Gi that compute preset cpu-small allows',
        ],
        [
          { compute: { preset: 'cpu-small', overrides: { memory: 'lots' } } },
          "compute.overrides.memory: 'lots' is not a Kubernetes quantity",
        ],
        [
          { compute: { preset: 'cpu-small', overrides: { cpu: '1' } } },
          'compute.overrides.cpu: compute preset cpu-small does not allow changing CPU',
        ],
        [
          { compute: { preset: 'gpu-1', overrides: { gpu: 3 } } },
          'compute.overrides.gpu: 3 is outside the range 0 to 2 that compute preset gpu-1 allows',
        ],
        [
          { dataSources: [{ id: 'scratch' }] },
          "dataSources[0].id: 'scratch' is not a data source available to system:default/vision; available: home, examples",
        ],
        [
          { dataSources: [{ id: 'home' }, { id: 'home' }] },
          "dataSources[1].id: 'home' is chosen twice",
        ],
        [
          { dataSources: [{ id: 'home', size: '1Ti' }] },
          'dataSources[0].size: 1Ti is larger than 100Gi, the most data source home allows',
        ],
        [
          { dataSources: [{ id: 'examples', size: '1Gi' }] },
          "dataSources[0].size: only a new volume has a size; 'examples' is a git source",
        ],
        [
          { env: [{ name: '1BAD', value: 'x' }] },
          "env[0].name: '1BAD' must start with a letter or '_'",
        ],
        [
          {
            env: [
              { name: 'A', value: 'x' },
              { name: 'A', value: 'y' },
            ],
          },
          "env[1].name: 'A' is set twice",
        ],
        [{ env: [{ name: 'A' }] }, 'env[0].value: a value is required'],
        [
          { namespace: 'kube-system' },
          'namespace: unknown field; allowed here: project, name, environment, image, compute, dataSources, env, start',
        ],
        [
          { compute: { preset: 'cpu-small', overrides: { disk: '1Ti' } } },
          'compute.overrides.disk: unknown field; allowed here: cpu, memory, gpu',
        ],
        [
          { compute: { preset: 'cpu-small', overrides: { gpu: 'two' } } },
          'gpu',
        ],
        [
          { project: 'system:default/' },
          "project: 'system:default/' is not an entity ref",
        ],
      ])('refuses %j with 400 naming the field', async (changes, message) => {
        const response = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .send(createBody({ name: uniqueName(), ...changes }));
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
      });

      it('refuses malformed JSON with 400', async () => {
        const response = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .set('Content-Type', 'application/json')
          .send('{"name": ');
        expect(response.status).toBe(400);
      });

      it('refuses a second workspace of the same name in a project with 409, but not in another project', async () => {
        const name = uniqueName();
        await createWorkspace(backend.server, backend.user('bob'), { name });
        const again = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('dave'))
          .send(createBody({ name }));
        expect(again.status).toBe(409);
        expect(again.body.error.message).toBe(
          `name: a workspace named '${name}' already exists in system:default/vision; names must be unique in a project`,
        );
        await createWorkspace(backend.server, backend.user('alice'), {
          name,
          project: 'system:default/playground',
        });
      });

      it('refuses the name of a workspace whose delete is still in progress with 409', async () => {
        const name = uniqueName();
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name },
        );
        const deleted = await request(backend.server)
          .delete(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'));
        expect(deleted.status).toBe(202);
        // without a runtime nothing removes its objects: it stays Deleting
        const deleting = await request(backend.server)
          .get(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'));
        expect(deleting.body.status).toBe('Deleting');
        const again = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .send(createBody({ name }));
        expect(again.status).toBe(409);
        // once the delete completes the name is free: see "reuses the name
        // of a workspace once its delete has completed" in
        // KubernetesWorkspaceRuntime.test.ts, which runs the runtime
      });

      it('refuses a project the caller is not assigned to with 403', async () => {
        const response = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('alice'))
          .send(createBody({ name: uniqueName() }));
        expect(response.status).toBe(403);
        expect(response.body.error.message).toContain(
          'You are not assigned to project system:default/vision',
        );
      });

      it('lets an admin create in any project', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('carol'),
          { name: uniqueName() },
        );
        expect(created.createdBy).toBe('user:default/carol');
      });

      it('answers 404 for an unknown project and 400 for an entity that is not a project', async () => {
        const unknown = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .send(
            createBody({ name: uniqueName(), project: 'system:default/nope' }),
          );
        expect(unknown.status).toBe(404);
        const notProject = await request(backend.server)
          .post(api())
          .set('Authorization', backend.user('bob'))
          .send(createBody({ name: uniqueName(), project: 'website' }));
        expect(notProject.status).toBe(400);
      });
    });

    describe('update', () => {
      it('changes a stopped workspace and bumps its revision', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName(), start: false },
        );
        const response = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({
            revision: 1,
            compute: { preset: 'gpu-1' },
            env: [{ name: 'API_TOKEN', secret: true }],
          });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          revision: 2,
          pendingRestart: false,
          compute: { preset: 'gpu-1' },
          resources: { gpu: 1 },
          env: [{ name: 'API_TOKEN', secret: true }],
        });
      });

      it('marks a change to a running workspace as pending restart', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        const response = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 1, environment: 'vision-lab' });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          environment: 'vision-lab',
          pendingRestart: true,
          revision: 2,
        });
      });

      it('refuses a stale revision with 409', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        await request(backend.server)
          .post(api(`/${created.id}/stop`))
          .set('Authorization', backend.user('bob'));
        const response = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 1, environment: 'vision-lab' });
        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          `revision: workspace ${created.name} is at revision 2, not 1; reload it and try again`,
        );
      });

      it('refuses a new secret variable without a value, and an invalid change, with 400', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        const secret = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 1, env: [{ name: 'NEW_SECRET', secret: true }] });
        expect(secret.status).toBe(400);
        expect(secret.body.error.message).toBe(
          'env[0].value: a value is required for the new secret variable NEW_SECRET',
        );
        const invalid = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 1, name: 'renamed' });
        expect(invalid.status).toBe(400);
      });

      it('refuses changes to a workspace being deleted with 409', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        await request(backend.server)
          .delete(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'));
        const response = await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 2, environment: 'vision-lab' });
        expect(response.status).toBe(409);
      });
    });

    describe('start, stop and delete', () => {
      it('records intents, is idempotent, and keeps the history of runs and statuses', async () => {
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        const id = created.id;
        const post = (action: string) =>
          request(backend.server)
            .post(api(`/${id}/${action}`))
            .set('Authorization', backend.user('bob'));

        const started = await post('start');
        expect(started.status).toBe(202);
        expect(started.body).toMatchObject({ revision: 1, status: 'Creating' });

        const stopped = await post('stop');
        expect(stopped.status).toBe(202);
        expect(stopped.body).toMatchObject({
          desiredState: 'Stopped',
          status: 'Stopping',
          statusMessage: 'Stopped by user:default/bob',
          revision: 2,
        });
        expect((await post('stop')).body.revision).toBe(2);

        const restarted = await post('start');
        expect(restarted.body).toMatchObject({
          desiredState: 'Running',
          status: 'Creating',
          revision: 3,
        });

        const deleted = await request(backend.server)
          .delete(api(`/${id}`))
          .set('Authorization', backend.user('bob'));
        expect(deleted.status).toBe(202);
        expect(deleted.body).toMatchObject({
          desiredState: 'Deleted',
          status: 'Deleting',
          revision: 4,
        });
        expect(
          (
            await request(backend.server)
              .delete(api(`/${id}`))
              .set('Authorization', backend.user('bob'))
          ).body.revision,
        ).toBe(4);

        const startWhileDeleting = await post('start');
        expect(startWhileDeleting.status).toBe(409);
        expect(startWhileDeleting.body.error.message).toBe(
          `Workspace ${created.name} is being deleted; it cannot be started`,
        );
        expect((await post('stop')).status).toBe(409);

        const runs = await request(backend.server)
          .get(api(`/${id}/runs`))
          .set('Authorization', backend.user('bob'));
        expect(runs.body.items).toHaveLength(2);
        expect(runs.body.items[0].endReason).toBe(
          'Deleted by user:default/bob',
        );
        expect(runs.body.items[1].endReason).toBe(
          'Stopped by user:default/bob',
        );

        const events = await request(backend.server)
          .get(api(`/${id}/events`))
          .set('Authorization', backend.user('bob'));
        expect(events.body.items.map((e: any) => [e.from, e.to])).toEqual([
          ['Creating', 'Deleting'],
          ['Stopping', 'Creating'],
          ['Creating', 'Stopping'],
          [undefined, 'Creating'],
        ]);
      });

      it('answers 404 for a workspace that does not exist', async () => {
        for (const [method, path] of [
          ['get', ''],
          ['delete', ''],
          ['post', '/start'],
          ['post', '/stop'],
          ['get', '/runs'],
          ['get', '/events'],
        ] as const) {
          const response = await request(backend.server)
            [method](api(`/00000000-0000-0000-0000-000000000000${path}`))
            .set('Authorization', backend.user('bob'));
          expect(response.status).toBe(404);
          expect(response.body.error.message).toBe(
            'Workspace 00000000-0000-0000-0000-000000000000 was not found',
          );
        }
      });
    });

    describe('audit', () => {
      it('audits every change with the actor and the outcome, and no request body', async () => {
        backend.audit.length = 0;
        const created = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: uniqueName() },
        );
        await request(backend.server)
          .post(api(`/${created.id}/stop`))
          .set('Authorization', backend.user('bob'));
        await request(backend.server)
          .post(api(`/${created.id}/start`))
          .set('Authorization', backend.user('dave'));
        await request(backend.server)
          .patch(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'))
          .send({ revision: 2, environment: 'vision-lab' });
        await request(backend.server)
          .delete(api(`/${created.id}`))
          .set('Authorization', backend.user('bob'));

        const workspaceEvents = backend.audit.filter(e =>
          e.eventId.startsWith('workspace-'),
        );
        expect(
          workspaceEvents.map(e => [e.eventId, e.actor, e.outcome]),
        ).toEqual([
          ['workspace-create', 'user:default/bob', 'success'],
          ['workspace-stop', 'user:default/bob', 'success'],
          ['workspace-start', 'user:default/dave', 'fail'],
          ['workspace-update', 'user:default/bob', 'success'],
          ['workspace-delete', 'user:default/bob', 'success'],
        ]);
        expect(workspaceEvents[0].meta).toMatchObject({
          project: 'system:default/vision',
          workspaceId: created.id,
        });
        expect(workspaceEvents[2].meta).toMatchObject({
          workspaceId: created.id,
          error: 'NotAllowedError',
        });
      });
    });
  },
);
