import request from 'supertest';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createBody } from '../__testUtils__/workspaceRequests';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const [jupyterlab] = buildingBlocksConfig.environments;

/** The test blocks with a deprecated and a hidden environment, both replaced by jupyterlab. */
const workspaces = {
  ...buildingBlocksConfig,
  encryptionKey: 'test-encryption-key-of-some-length',
  environments: [
    ...buildingBlocksConfig.environments,
    {
      ...jupyterlab,
      id: 'lab-2024',
      title: 'JupyterLab 2024',
      lifecycle: 'deprecated',
      replacedBy: 'jupyterlab',
    },
    {
      ...jupyterlab,
      id: 'lab-2023',
      title: 'JupyterLab 2023',
      lifecycle: 'hidden',
      replacedBy: 'jupyterlab',
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'environment lifecycle through the workspaces API on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    let names = 0;
    const api = (path = '') => `/api/workspaces/workspaces${path}`;
    const bob = () => backend.user('bob');
    const create = (changes: Record<string, unknown>) =>
      request(backend.server)
        .post(api())
        .set('Authorization', bob())
        .send(
          createBody({ name: `life-${++names}`, start: false, ...changes }),
        );
    const update = (id: string, body: Record<string, unknown>) =>
      request(backend.server)
        .patch(api(`/${id}`))
        .set('Authorization', bob())
        .send(body);
    const environmentsListed = async (query: string) => {
      const response = await request(backend.server)
        .get(`/api/workspaces/building-blocks?${query}`)
        .set('Authorization', bob());
      expect(response.status).toBe(200);
      return response.body.environments as Array<Record<string, unknown>>;
    };

    /**
     * A workspace made when lab-2023 was still offered: created on
     * jupyterlab, then moved to lab-2023 in the database, as the hidden
     * environment's older workspaces are.
     */
    const onHiddenEnvironment = async () => {
      const created = await create({});
      expect(created.status).toBe(201);
      const knex = await backend.workspacesDatabase();
      await knex('workspaces')
        .where({ id: created.body.id })
        .update({ environment_id: 'lab-2023' });
      return created.body;
    };

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: { workspaces },
      });
    });

    afterAll(async () => {
      await backend.stop();
    });

    it('lists a deprecated environment marked deprecated, with its replacement', async () => {
      const listed = await environmentsListed('project=system:default/vision');

      expect(listed.find(e => e.id === 'lab-2024')).toMatchObject({
        lifecycle: 'deprecated',
        replacedBy: 'jupyterlab',
      });
      expect(listed.find(e => e.id === 'jupyterlab')).not.toHaveProperty(
        'lifecycle',
      );
    });

    it('leaves a hidden environment out of the list, unless includeHidden=true', async () => {
      expect(
        (await environmentsListed('project=system:default/vision')).map(
          e => e.id,
        ),
      ).toEqual(['jupyterlab', 'vision-lab', 'lab-2024']);
      expect((await environmentsListed('')).map(e => e.id)).not.toContain(
        'lab-2023',
      );
      expect(
        (
          await environmentsListed(
            'project=system:default/vision&includeHidden=true',
          )
        ).find(e => e.id === 'lab-2023'),
      ).toMatchObject({ lifecycle: 'hidden', replacedBy: 'jupyterlab' });
    });

    it('creates a workspace on a deprecated environment', async () => {
      const created = await create({ environment: 'lab-2024' });

      expect(created.status).toBe(201);
      expect(created.body.environment).toBe('lab-2024');
    });

    it('refuses a new workspace on a hidden environment with a 400 naming environment and the rule', async () => {
      const refused = await create({ environment: 'lab-2023' });

      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe(
        "environment: 'lab-2023' is hidden: it is no longer offered for new workspaces, only kept for the workspaces that use it; use jupyterlab",
      );
    });

    it('keeps a workspace on a hidden environment working: it is listed and other fields change', async () => {
      const workspace = await onHiddenEnvironment();

      const listed = await request(backend.server)
        .get(api('?project=system:default/vision'))
        .set('Authorization', bob());
      expect(
        listed.body.items.find((w: any) => w.id === workspace.id),
      ).toMatchObject({ environment: 'lab-2023' });
      const changed = await update(workspace.id, {
        revision: workspace.revision,
        compute: { preset: 'cpu-small', overrides: { memory: '2Gi' } },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        environment: 'lab-2023',
        compute: { overrides: { memory: '2Gi' } },
      });
      // saving the stepper sends the environment it has: still allowed
      const saved = await update(workspace.id, {
        revision: changed.body.revision,
        environment: 'lab-2023',
      });
      expect(saved.status).toBe(200);
    });

    it('refuses moving another workspace to a hidden environment', async () => {
      const created = await create({});
      const refused = await update(created.body.id, {
        revision: created.body.revision,
        environment: 'lab-2023',
      });

      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /^environment: 'lab-2023' is hidden/,
      );
    });

    it('updates a workspace to the replacement through the audited update', async () => {
      const workspace = await onHiddenEnvironment();
      backend.audit.length = 0;

      const updated = await update(workspace.id, {
        revision: workspace.revision,
        environment: 'jupyterlab',
      });

      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        environment: 'jupyterlab',
        dataSources: workspace.dataSources,
        revision: workspace.revision + 1,
      });
      expect(
        backend.audit
          .filter(e => e.eventId.startsWith('workspace-'))
          .map(e => [e.eventId, e.actor, e.outcome, e.meta?.workspaceId]),
      ).toEqual([
        ['workspace-update', 'user:default/bob', 'success', workspace.id],
      ]);
      // a member who may not change it gets what any update gets
      const byOther = await request(backend.server)
        .patch(api(`/${workspace.id}`))
        .set('Authorization', backend.user('dave'))
        .send({ revision: updated.body.revision, environment: 'lab-2024' });
      expect(byOther.status).toBe(403);
    });
  },
);
