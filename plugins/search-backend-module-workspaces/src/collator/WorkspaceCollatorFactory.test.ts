import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { workspaceReadPermission } from '@backstage-workspaces/plugin-workspaces-common';
import express from 'express';
import { AddressInfo } from 'net';
import { WorkspaceCollatorFactory } from './WorkspaceCollatorFactory';

/*
 * The collator against a stand-in for the Workspaces backend's indexing
 * route (the real route and the whole search run in the Workspaces
 * backend's tests): it follows the pages and calls with the search plugin's
 * own service token.
 */

const entry = (n: number) => ({
  id: `id-${n}`,
  name: `notebook-${n}`,
  project: 'system:default/vision',
  environment: 'jupyterlab',
  environmentTitle: 'JupyterLab',
  createdBy: 'user:default/bob',
  status: 'Running',
});

describe('WorkspaceCollatorFactory', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const callers: string[] = [];
  let answer: 'pages' | 'refuse' = 'pages';

  beforeAll(async () => {
    const workspaces = createBackendPlugin({
      pluginId: 'workspaces',
      register(reg) {
        reg.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
          },
          async init({ httpRouter, httpAuth }) {
            const router = express.Router();
            router.get('/search/workspaces', async (req, res) => {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              callers.push(
                `${credentials.principal.subject} limit=${req.query.limit}`,
              );
              if (answer === 'refuse') {
                res.status(403).json({
                  error: { name: 'NotAllowedError', message: 'not you' },
                });
                return;
              }
              if (req.query.cursor === 'page-2') {
                res.json({ items: [entry(3)] });
              } else {
                res.json({ items: [entry(1), entry(2)], nextCursor: 'page-2' });
              }
            });
            httpRouter.use(router);
          },
        });
      },
    });
    backend = await startTestBackend({ features: [workspaces] });
  });

  afterAll(async () => {
    await backend.stop();
  });

  const factory = () => {
    const { port } = backend.server.address() as AddressInfo;
    return new WorkspaceCollatorFactory({
      auth: mockServices.auth({ pluginId: 'search' }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId =>
          `http://localhost:${port}/api/${pluginId}`,
      }),
      locationTemplate: '/workspaces/:id',
    });
  };

  it('is the workspace type, visible by workspace.read', () => {
    expect(factory().type).toBe('workspace');
    expect(factory().visibilityPermission).toBe(workspaceReadPermission);
  });

  it("collates every page's workspaces with the search plugin's service token", async () => {
    answer = 'pages';
    callers.length = 0;
    const documents = [];
    for await (const document of await factory().getCollator()) {
      documents.push(document);
    }
    expect(documents.map(d => [d.title, d.location, d.authorization])).toEqual(
      [1, 2, 3].map(n => [
        `notebook-${n}`,
        `/workspaces/id-${n}`,
        { resourceRef: `id-${n}` },
      ]),
    );
    expect(callers).toEqual([
      'plugin:search limit=200',
      'plugin:search limit=200',
    ]);
  });

  it("fails the run with the backend's answer when it is refused", async () => {
    answer = 'refuse';
    const collate = async () => {
      for await (const _ of await factory().getCollator()) {
        // nothing is collated
      }
    };
    await expect(collate()).rejects.toThrow(/403/);
  });
});
