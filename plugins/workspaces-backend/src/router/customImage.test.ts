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

/** The test blocks with an environment that allows images of two registries. */
const workspaces = {
  ...buildingBlocksConfig,
  environments: [
    ...buildingBlocksConfig.environments,
    {
      ...buildingBlocksConfig.environments[0],
      id: 'custom-lab',
      title: 'Your own image',
      customImage: {
        allowedRegistries: ['registry.example.com', 'ghcr.io/acme'],
      },
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'custom images through the workspaces API on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    let names = 0;
    const api = (path = '') => `/api/workspaces/workspaces${path}`;
    const create = (changes: Record<string, unknown>) =>
      request(backend.server)
        .post(api())
        .set('Authorization', backend.user('bob'))
        .send(
          createBody({
            name: `img-${++names}`,
            start: false,
            env: [],
            ...changes,
          }),
        );

    const update = (id: string, body: Record<string, unknown>) =>
      request(backend.server)
        .patch(api(`/${id}`))
        .set('Authorization', backend.user('bob'))
        .send(body);

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

    it('offers the allowed registries with the environment', async () => {
      const response = await request(backend.server)
        .get('/api/workspaces/building-blocks?project=system:default/vision')
        .set('Authorization', backend.user('bob'));
      expect(
        response.body.environments.find((e: any) => e.id === 'custom-lab'),
      ).toMatchObject({
        customImage: {
          allowedRegistries: ['registry.example.com', 'ghcr.io/acme'],
        },
      });
    });

    it('stores the image, returns it, and changes or clears it on update', async () => {
      const created = await create({
        environment: 'custom-lab',
        image: 'registry.example.com/team/lab:1.0',
      });
      expect(created.status).toBe(201);
      expect(created.body.image).toBe('registry.example.com/team/lab:1.0');

      const knex = await backend.workspacesDatabase();
      const row = await knex('workspaces')
        .where({ id: created.body.id })
        .first();
      expect(row.image).toBe('registry.example.com/team/lab:1.0');

      const changed = await update(created.body.id, {
        revision: created.body.revision,
        image: 'ghcr.io/acme/lab:2',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.image).toBe('ghcr.io/acme/lab:2');

      const read = await request(backend.server)
        .get(api(`/${created.body.id}`))
        .set('Authorization', backend.user('bob'));
      expect(read.body.image).toBe('ghcr.io/acme/lab:2');

      const cleared = await update(created.body.id, {
        revision: changed.body.revision,
        image: null,
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body.image).toBeUndefined();
    });

    it.each([
      [
        'an environment without customImage',
        { environment: 'jupyterlab', image: 'registry.example.com/lab' },
        'image: environment jupyterlab does not allow a custom image',
      ],
      [
        'a registry not allowed',
        { environment: 'custom-lab', image: 'docker.io/evil/lab' },
        "image: 'docker.io/evil/lab' is from docker.io/evil/lab; environment custom-lab allows images from registry.example.com, ghcr.io/acme",
      ],
      [
        'shell characters',
        { environment: 'custom-lab', image: 'registry.example.com/lab;id' },
        "image: 'registry.example.com/lab;id' must not contain spaces or shell characters",
      ],
      [
        'a space',
        { environment: 'custom-lab', image: 'registry.example.com/lab 1' },
        'must not contain spaces or shell characters',
      ],
      [
        'not a reference',
        { environment: 'custom-lab', image: 'registry.example.com/Lab' },
        "image: 'registry.example.com/Lab' is not an image reference",
      ],
      [
        'an overlong reference',
        {
          environment: 'custom-lab',
          image: `registry.example.com/lab:${'a'.repeat(600)}`,
        },
        'image: an image reference has 1 to 512 characters',
      ],
    ])(
      'answers 400 naming the field for %s',
      async (_what, changes, message) => {
        const response = await create(changes);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
      },
    );

    it('answers 400 when an update moves an image to an environment that allows none', async () => {
      const created = await create({
        environment: 'custom-lab',
        image: 'registry.example.com/lab',
      });
      const response = await update(created.body.id, {
        revision: created.body.revision,
        environment: 'jupyterlab',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'image: environment jupyterlab does not allow a custom image',
      );
    });
  },
);
