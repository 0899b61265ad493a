import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import searchPlugin from '@backstage/plugin-search-backend';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { workspaceReadPermission } from '@backstage-workspaces/plugin-workspaces-common';
import { Readable } from 'stream';
import request from 'supertest';
import { toWorkspaceSearchDocument } from './toWorkspaceSearchDocument';

/*
 * The negative control of the shipped backend's search test
 * (plugins/workspaces-backend/src/search/workspaceSearch.test.ts): the real
 * search backend with its Lunr engine, where a reader holds workspace.read
 * conditionally (as the default policy gives every user who is not an admin)
 * and the resource check of this workspace says no, as the permission
 * backend does for a user of another project. Indexed with the collator's
 * document, the workspace is hidden from that reader; the same document
 * without its authorization field is shown to them. So the field is what
 * keeps a workspace out of a non-member's results.
 */

jest.setTimeout(60_000);

const WORKSPACE_ID = '6f1c0d1e-1111-4a4a-9b9b-123456789abc';
const document = toWorkspaceSearchDocument(
  {
    id: WORKSPACE_ID,
    name: 'wombatnotebook',
    project: 'system:default/vision',
    environment: 'jupyterlab',
    createdBy: 'user:default/bob',
    status: 'Stopped',
  },
  { locationTemplate: '/workspaces/:id' },
);
const { authorization, ...rest } = document;
// Lunr keeps documents by location, across types: the control has its own
const CONTROL_LOCATION = `${document.location}?control`;
const withoutAuthorization = { ...rest, location: CONTROL_LOCATION };
const locationOf = (type: string) =>
  type === 'workspace' ? document.location : CONTROL_LOCATION;

/** Indexes one document under a type, with workspace.read as its visibility. */
const collatorOf = (type: string, indexed: object) =>
  createBackendModule({
    pluginId: 'search',
    moduleId: `test-${type}`,
    register(reg) {
      reg.registerInit({
        deps: {
          registry: searchIndexRegistryExtensionPoint,
          scheduler: coreServices.scheduler,
        },
        async init({ registry, scheduler }) {
          registry.addCollator({
            schedule: scheduler.createScheduledTaskRunner({
              frequency: { seconds: 1 },
              timeout: { seconds: 30 },
              initialDelay: { seconds: 0 },
            }),
            factory: {
              type,
              visibilityPermission: workspaceReadPermission,
              getCollator: async () => Readable.from([indexed]),
            },
          });
        },
      });
    },
  });

/**
 * workspace.read is conditional for every user, and the workspace's own
 * check is allowed for its project's member (dave) only.
 */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorizeConditional(requests) {
      return requests.map(({ permission }) => {
        if (!isPermission(permission, workspaceReadPermission)) {
          throw new Error(`unexpected permission ${permission.name}`);
        }
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'workspaces',
          resourceType: 'workspace',
          conditions: { rule: 'IS_PROJECT_MEMBER', params: { claims: [] } },
        };
      }) as any;
    },
    async authorize(requests, { credentials }) {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(({ resourceRef }: { resourceRef?: string }) => ({
        result:
          resourceRef === WORKSPACE_ID && user === 'user:default/dave'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  }),
});

describe('search results of workspaces for a reader with conditional workspace.read', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const find = async (user: string, type: string) => {
    const response = await request(backend.server)
      .get('/api/search/query')
      .query({ term: 'wombatnotebook', types: [type] })
      .set(
        'Authorization',
        mockCredentials.user.header(`user:default/${user}`),
      );
    return response.status === 200
      ? (
          response.body.results as Array<{ document: { location: string } }>
        ).map(result => result.document.location)
      : [`status ${response.status}`];
  };

  const waitForIndex = async (type: string) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = await find('dave', type);
      if (found.includes(locationOf(type))) return;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    throw new Error(`the ${type} index did not get the document`);
  };

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        searchPlugin,
        collatorOf('workspace', document),
        collatorOf('workspace-without-authorization', withoutAuthorization),
        permissionsFactory,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
    await waitForIndex('workspace');
    await waitForIndex('workspace-without-authorization');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('the collator document carries the workspace as the resource to check', () => {
    expect(authorization).toEqual({ resourceRef: WORKSPACE_ID });
  });

  it("shows the collator's document to the member and hides it from the non-member", async () => {
    expect(await find('dave', 'workspace')).toEqual([
      `/workspaces/${WORKSPACE_ID}`,
    ]);
    expect(await find('alice', 'workspace')).toEqual([]);
  });

  it('shows the same document without its authorization field to the non-member too', async () => {
    expect(await find('alice', 'workspace-without-authorization')).toEqual([
      CONTROL_LOCATION,
    ]);
  });
});
