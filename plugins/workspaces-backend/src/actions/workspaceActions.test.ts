import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';

/*
 * The workspace actions through Backstage's actions registry, invoked over
 * its HTTP API as the MCP actions backend does, with startTestBackend's mock
 * tokens and the in-process permission policy. bob is in vision; alice is a
 * member of other projects only.
 */

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'workspace actions on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({ databases, databaseId });
    });

    afterAll(async () => {
      await backend.stop();
    });

    const invoke = (
      action: string,
      input: object,
      authorization: string | undefined,
    ) => {
      const call = request(backend.server)
        .post(
          `/api/workspaces/.backstage/actions/v1/actions/workspaces:${action}/invoke`,
        )
        .send(input);
      return authorization ? call.set('Authorization', authorization) : call;
    };

    const createInput = (name: string) => ({
      project: 'system:default/vision',
      name,
      environment: 'jupyterlab',
      computePreset: 'cpu-small',
      start: false,
    });

    it('lists the workspace actions with their input schemas', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/.backstage/actions/v1/actions')
        .set('Authorization', backend.user('bob'));
      expect(response.status).toBe(200);
      const actions = response.body.actions as Array<{
        id: string;
        attributes: { readOnly: boolean };
        schema: { input: { required?: string[] } };
      }>;
      expect(actions.map(action => action.id).sort()).toEqual([
        'workspaces:create-workspace',
        'workspaces:get-workspace',
        'workspaces:keep-workspace-alive',
        'workspaces:list-building-blocks',
        'workspaces:list-my-workspaces',
        'workspaces:start-workspace',
        'workspaces:stop-workspace',
      ]);
      const create = actions.find(
        action => action.id === 'workspaces:create-workspace',
      )!;
      expect(create.attributes.readOnly).toBe(false);
      expect(create.schema.input.required).toEqual([
        'project',
        'name',
        'environment',
        'computePreset',
      ]);
    });

    it("lists the building blocks of the caller's project", async () => {
      const response = await invoke(
        'list-building-blocks',
        { project: 'system:default/vision' },
        backend.user('bob'),
      );
      expect(response.status).toBe(200);
      const { environments, computePresets } = response.body.output;
      expect(environments.map((e: { id: string }) => e.id)).toContain(
        'jupyterlab',
      );
      expect(computePresets.map((p: { id: string }) => p.id)).toContain(
        'cpu-small',
      );
    });

    it('lets the creator create, list, start, keep alive, get and stop a workspace, audited as the REST API', async () => {
      const bob = backend.user('bob');
      const created = await invoke(
        'create-workspace',
        createInput('by-action'),
        bob,
      );
      expect(created.status).toBe(200);
      const workspace = created.body.output.workspace;
      expect(workspace).toMatchObject({
        name: 'by-action',
        project: 'system:default/vision',
        createdBy: 'user:default/bob',
        desiredState: 'Stopped',
      });
      // the same workspace through the REST API
      const viaRest = await request(backend.server)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', bob);
      expect(viaRest.status).toBe(200);
      expect(viaRest.body.name).toBe('by-action');
      expect(backend.audit).toContainEqual(
        expect.objectContaining({
          eventId: 'workspace-create',
          outcome: 'success',
          meta: expect.objectContaining({
            actor: 'user:default/bob',
            via: 'actions',
            workspaceId: workspace.id,
          }),
        }),
      );

      const mine = await invoke(
        'list-my-workspaces',
        { project: 'system:default/vision' },
        bob,
      );
      expect(mine.status).toBe(200);
      expect(
        mine.body.output.items.map((item: { id: string }) => item.id),
      ).toContain(workspace.id);

      const started = await invoke(
        'start-workspace',
        { workspaceId: workspace.id },
        bob,
      );
      expect(started.status).toBe(200);
      expect(started.body.output.workspace.desiredState).toBe('Running');

      const kept = await invoke(
        'keep-workspace-alive',
        { workspaceId: workspace.id },
        bob,
      );
      expect(kept.status).toBe(200);
      expect(
        Date.parse(kept.body.output.workspace.keepAliveUntil),
      ).toBeGreaterThan(Date.now());

      const got = await invoke(
        'get-workspace',
        { workspaceId: workspace.id },
        bob,
      );
      expect(got.status).toBe(200);
      expect(got.body.output.workspace.id).toBe(workspace.id);
      expect(got.body.output.explanation.status).toBe(
        got.body.output.workspace.status,
      );
      expect(got.body.output.explanation.title).toEqual(expect.any(String));

      const stopped = await invoke(
        'stop-workspace',
        { workspaceId: workspace.id },
        bob,
      );
      expect(stopped.status).toBe(200);
      expect(stopped.body.output.workspace.desiredState).toBe('Stopped');
      expect(
        backend.audit
          .filter(event => event.meta?.workspaceId === workspace.id)
          .map(event => `${event.eventId} ${event.outcome}`),
      ).toEqual([
        'workspace-create success',
        'workspace-start success',
        'workspace-keep-alive success',
        'workspace-stop success',
      ]);
    });

    it("refuses another project's member as the REST API does: not found, and nothing changes", async () => {
      const created = await invoke(
        'create-workspace',
        { ...createInput('bobs-only'), start: true },
        backend.user('bob'),
      );
      expect(created.status).toBe(200);
      const id = created.body.output.workspace.id;
      const alice = backend.user('alice');

      const viaRest = await request(backend.server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', alice);
      expect(viaRest.status).toBe(404);
      const got = await invoke('get-workspace', { workspaceId: id }, alice);
      expect(got.status).toBe(404);
      expect(got.body.error.name).toBe('NotFoundError');
      const stopped = await invoke(
        'stop-workspace',
        { workspaceId: id },
        alice,
      );
      expect(stopped.status).toBe(404);
      expect(stopped.body.error.name).toBe('NotFoundError');

      const mine = await invoke('list-my-workspaces', {}, alice);
      expect(mine.status).toBe(200);
      expect(
        mine.body.output.items.map((item: { id: string }) => item.id),
      ).not.toContain(id);
      const after = await request(backend.server)
        .get(`/api/workspaces/workspaces/${id}`)
        .set('Authorization', backend.user('bob'));
      expect(after.body.desiredState).toBe('Running');
    });

    it('answers bad input with 400 naming the field', async () => {
      const bob = backend.user('bob');
      const { computePreset: _omitted, ...withoutPreset } =
        createInput('no-preset');
      const missing = await invoke('create-workspace', withoutPreset, bob);
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('"computePreset"');
      expect(missing.body.error.cause.issues).toEqual([
        expect.objectContaining({
          path: ['computePreset'],
          message: 'Required',
        }),
      ]);

      const badStatus = await invoke(
        'list-my-workspaces',
        { statuses: ['Running', 'Sleeping'] },
        bob,
      );
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error.cause.issues).toEqual([
        expect.objectContaining({ path: ['statuses', 1] }),
      ]);

      const badName = await invoke(
        'create-workspace',
        createInput('Not_A_Label'),
        bob,
      );
      expect(badName.status).toBe(400);
      expect(badName.body.error.message).toMatch(/^name: /);

      const unknownPreset = await invoke(
        'create-workspace',
        { ...createInput('unknown-preset'), computePreset: 'no-such-preset' },
        bob,
      );
      expect(unknownPreset.status).toBe(400);
      expect(unknownPreset.body.error.message).toContain('no-such-preset');
    });

    it('refuses anonymous callers and services: the actions are for signed-in users', async () => {
      const anonymous = await invoke('list-my-workspaces', {}, undefined);
      expect(anonymous.status).toBe(401);
      const service = await invoke(
        'list-my-workspaces',
        {},
        mockCredentials.service.header(),
      );
      expect(service.status).toBe(403);
      expect(service.body.error.message).toBe(
        'Workspace actions are for signed-in users',
      );
    });
  },
);
