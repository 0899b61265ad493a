import { resolvePackagePath } from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  Caller,
  expectedStatus,
  leaks,
  MatrixTable,
  projectRoutes,
  toolHost,
  workspaceRoutes,
} from '../__testUtils__/authorizationMatrix';
import {
  ShippedBackend,
  shippedBackendDatabases,
  startShippedBackend,
} from '../__testUtils__/backendProcess/startShippedBackend';
import { unsignedUserToken } from '../__testUtils__/backendProcess/userTokens';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { testUsers } from '../__testUtils__/testServices';
import { createWorkspace } from '../__testUtils__/workspaceRequests';

/*
 * The API's authorization matrix against the shipped backend
 * (packages/backend) in a child process: users sign in through the real auth
 * backend (the demo provider, which asks the catalog for their groups, and
 * the guest provider), every token is judged by Backstage's own verification
 * (the auth backend's JWKS, its static access tokens), and every decision is
 * the real permission backend's with the shipped policy. The in-process
 * variant (authorizationInProcess.test.ts) is the fast one.
 */

jest.setTimeout(300_000);

const packageFile = (path: string) =>
  resolvePackagePath('@backstage-workspaces/plugin-workspaces-backend', path);

const carol = {
  sub: 'user:default/carol',
  ent: [...testUsers.carol],
};

/** Each caller's Authorization header (none for anonymous). */
async function authorizations(
  backend: ShippedBackend,
): Promise<Record<Caller, string | undefined>> {
  const bearer = (token: string) => `Bearer ${token}`;
  return {
    creator: bearer(await backend.signIn('bob')),
    assigned: bearer(await backend.signIn('dave')),
    admin: bearer(await backend.signIn('carol')),
    'other-project': bearer(await backend.signIn('alice')),
    'not-in-catalog': bearer(await backend.signInAsGuest()),
    anonymous: undefined,
    unsigned: bearer(unsignedUserToken(carol.sub, carol.ent)),
    'bad-signature': bearer(
      backend.signWithForeignKey({ ...carol, expiresInSeconds: 3600 }),
    ),
    expired: bearer(
      backend.signWithAuthBackendKey({ ...carol, expiresInSeconds: -3600 }),
    ),
    'wrong-audience': bearer(
      backend.signWithAuthBackendKey({
        ...carol,
        expiresInSeconds: 3600,
        aud: 'catalog',
        typ: null,
      }),
    ),
    service: bearer(backend.serviceToken),
    'catalog-only-service': bearer(backend.catalogOnlyServiceToken),
  };
}

describe.each(shippedBackendDatabases())(
  'authorization by the real auth and permission backends, on %s',
  database => {
    let backend: ShippedBackend;
    let auth: Record<Caller, string | undefined>;
    const table = new MatrixTable();
    let started = 0;

    beforeAll(async () => {
      started = Date.now();
      backend = await startShippedBackend({
        database,
        catalogFiles: [
          packageFile('src/__testUtils__/catalog.yaml'),
          packageFile('src/__testUtils__/org.yaml'),
        ],
        workspaces: {
          ...buildingBlocksConfig,
          encryptionKey: 'test-encryption-key-of-some-length',
        },
        guest: {
          userEntityRef: 'user:default/ghost',
          ownershipEntityRefs: ['user:default/ghost'],
        },
        // every user can sign in and every project is in the catalog
        async ready(b) {
          const token = await b.signIn('erin');
          const systems = await fetch(
            `${b.baseUrl}/api/catalog/entities?filter=kind=system&fields=metadata.name`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          const names = ((await systems.json()) as any[]).map(
            e => e.metadata.name,
          );
          return ['vision', 'fraud', 'playground', 'website'].every(n =>
            names.includes(n),
          );
        },
      });
      toolHost.port = backend.toolPort;
      auth = await authorizations(backend);
    });

    afterAll(async () => {
      await backend?.stop();
      table.print(
        `Authorization matrix, real auth and permission backends (${database}, ${Math.round(
          (Date.now() - started) / 1000,
        )} s)`,
      );
    });

    const callers = (): Caller[] => Object.keys(auth) as Caller[];

    it.each(projectRoutes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callers()) {
          const response = await route.send(
            backend.baseUrl,
            `${route.name}-${caller}`,
            auth[caller],
          );
          row.push(`${caller}=${response.status}`);
          expect({ caller, status: response.status }).toEqual({
            caller,
            status: expectedStatus(route.expected, caller),
          });
        }
        table.add(route.name, row);
      },
    );

    it.each(workspaceRoutes.map(route => [route.name, route] as const))(
      '%s gives each caller the expected answer',
      async (_name, route) => {
        const row: string[] = [];
        for (const caller of callers()) {
          // a fresh workspace per cell, so one caller's change cannot affect the next
          const workspace = await createWorkspace(
            backend.baseUrl,
            auth.creator!,
            { name: `${route.name}-${caller}`.slice(0, 40), ...route.created },
          );
          toolHost.names.set(workspace.id, workspace.name);
          const response = await route.send(
            backend.baseUrl,
            workspace.id,
            auth[caller],
          );
          row.push(`${caller}=${response.status}`);
          expect({
            caller,
            status: response.status,
            leaks: leaks(response, workspace.id),
          }).toEqual({
            caller,
            status: expectedStatus(route.expected, caller),
            leaks: false,
          });
        }
        table.add(route.name, row);
      },
    );

    it('accepts a token signed with the auth backend key, unexpired and for Backstage (negative control of the expired and wrong-audience cells)', async () => {
      const workspace = await createWorkspace(backend.baseUrl, auth.creator!, {
        name: 'control',
      });
      const valid = backend.signWithAuthBackendKey({
        ...carol,
        expiresInSeconds: 3600,
      });
      const response = await request(backend.baseUrl)
        .get(`/api/workspaces/workspaces/${workspace.id}`)
        .set('Authorization', `Bearer ${valid}`);
      expect(response.status).toBe(200);
      table.note('control    carol signed with the auth backend key=200');
    });

    it("never lists another project's workspaces, nor counts them", async () => {
      const workspace = await createWorkspace(backend.baseUrl, auth.creator!, {
        name: 'listed-secretly',
      });
      for (const outsider of ['other-project', 'not-in-catalog'] as const) {
        const listing = await request(backend.baseUrl)
          .get('/api/workspaces/workspaces?withTotal=true&q=listed-secretly')
          .set('Authorization', auth[outsider]!);
        expect({ outsider, body: listing.body }).toEqual({
          outsider,
          body: { items: [], totalCount: 0 },
        });
      }
      const assigned = await request(backend.baseUrl)
        .get('/api/workspaces/workspaces?q=listed-secretly')
        .set('Authorization', auth.assigned!);
      expect(assigned.body.items.map((w: any) => w.id)).toEqual([workspace.id]);
      table.note('list       outsiders see 0, assigned sees 1');
    });
  },
);
