import { getKubeLocal } from '@internal/kube-local';
import { AddressInfo } from 'net';
import request from 'supertest';
import WebSocket from 'ws';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  prepareTestCluster,
  runtimeTestConfig,
} from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { startTestTool, testToolsConfig } from '../__testUtils__/startTestTool';
import {
  createWorkspace,
  waitForStatus as waitFor,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

type TestTool = Awaited<ReturnType<typeof startTestTool>>;

describe.each(databases.eachSupportedId())(
  'connections to workspace tools in path mode on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    let lab: TestTool;
    let app: TestTool;
    let workspace: { id: string; name: string };
    const suffix = databaseId.toLowerCase().replace('_', '');

    const api = (path: string) => `/api/workspaces/workspaces/${path}`;
    const connect = (id: string, tool: string, user?: string) => {
      const call = request(backend.server).post(
        api(`${id}/tools/${tool}/connect`),
      );
      return user ? call.set('Authorization', user) : call;
    };
    const pathOf = (url: string) => {
      const parsed = new URL(url);
      return `${parsed.pathname}${parsed.search}`;
    };

    /** Opens a tool as a browser would: connect, then follow the link once. */
    async function openTool(tool: string) {
      const connected = await connect(workspace.id, tool, backend.user('bob'));
      expect(connected.status).toBe(200);
      const opened = await request(backend.server).get(
        pathOf(connected.body.url),
      );
      expect(opened.status).toBe(303);
      const cookie = opened.headers['set-cookie'][0].split(';')[0];
      return { url: connected.body.url as string, opened, cookie };
    }

    const waitForStatus = (id: string, status: string) =>
      waitFor(backend.server, backend.user('bob'), id, status);

    function openSocket(url: string, headers: Record<string, string>) {
      return new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url, { headers });
        socket.once('open', () => resolve(socket));
        socket.once('unexpected-response', (_req, res) =>
          reject(new Error(`refused with ${res.statusCode}`)),
        );
        socket.once('error', reject);
      });
    }

    beforeAll(async () => {
      lab = await startTestTool();
      app = await startTestTool();
      const token = await prepareTestCluster(kube, ['vision']);
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: runtimeTestConfig(kube, token, {
          // the opt-in path mode (toolHost.test.ts tests the default)
          tools: { mode: 'path' },
          ...testToolsConfig(
            [
              { id: 'lab', type: 'jupyterlab', title: 'Lab', port: lab.port },
              { id: 'app', type: 'http', title: 'App', port: app.port },
            ],
            [
              {
                id: 'exposed',
                title: 'Exposed through an Ingress',
                image: 'registry.example.com/test/tools:1.0',
                runAsUser: 1000,
                tools: [
                  {
                    id: 'lab',
                    type: 'jupyterlab',
                    title: 'Lab',
                    port: lab.port,
                  },
                ],
                ingress: {
                  host: '{tool}-{workspace}-{project}.ws.example.com',
                  tlsSecretName: 'wildcard-tls',
                },
              },
            ],
          ),
        }),
      });
      workspace = await createWorkspace(backend.server, backend.user('bob'), {
        name: `tools-${suffix}`,
        environment: 'tools',
      });
      await waitForStatus(workspace.id, 'Running');
    });

    afterAll(async () => {
      await backend?.stop();
      await lab?.close();
      await app?.close();
    });

    it('proxies HTTP GET and POST for an assigned user, without Backstage credentials', async () => {
      const { url, opened, cookie } = await openTool('lab');
      const external = `/api/workspaces/connect/${workspace.id}/lab/`;
      expect(url).toMatch(
        new RegExp(`^http://[^/]+${external}\\?workspaces-link=[\\w-]{43}$`),
      );
      // the link becomes a cookie of the tool's path, and leaves the address bar
      expect(opened.headers.location).toBe(external);
      expect(opened.headers['set-cookie'][0]).toMatch(
        new RegExp(
          `^workspaces-tool-session=[\\w-]{43}; Path=${external}; Max-Age=\\d+; HttpOnly; SameSite=Lax$`,
        ),
      );

      const get = await request(backend.server)
        .get(`${external}api/contents?type=notebook`)
        .set('Cookie', `${cookie}; backstage-auth=user-token; _xsrf=tool-own`)
        .set('Authorization', backend.user('bob'));
      expect(get.status).toBe(200);
      // JupyterLab serves under the proxy path (the manifests tell it so)
      expect(get.body.url).toBe(`${external}api/contents?type=notebook`);
      expect(get.body.headers.authorization).toBeUndefined();
      expect(get.body.headers.cookie).toBe('_xsrf=tool-own');
      // a cookie the tool sets stays with the tool's path
      expect(get.headers['set-cookie']).toEqual([
        `tool-session=abc; Path=${external}; HttpOnly`,
      ]);

      const post = await request(backend.server)
        .post(`${external}api/sessions`)
        .set('Cookie', cookie)
        .set('Content-Type', 'application/json')
        .send({ kernel: { name: 'python3' } });
      expect(post.status).toBe(200);
      expect(post.body).toMatchObject({
        method: 'POST',
        url: `${external}api/sessions`,
        body: '{"kernel":{"name":"python3"}}',
      });
      expect(post.body.headers.cookie).toBeUndefined();

      // other tools serve at / and get the path below the tool's
      const other = await openTool('app');
      const seen = await request(backend.server)
        .get(`/api/workspaces/connect/${workspace.id}/app/static/main.js`)
        .set('Cookie', other.cookie);
      expect(seen.status).toBe(200);
      expect(seen.body.url).toBe('/static/main.js');
      // and a session is good for its own tool only
      const crossed = await request(backend.server)
        .get(`/api/workspaces/connect/${workspace.id}/app/`)
        .set('Cookie', cookie);
      expect(crossed.status).toBe(401);

      const activity = await request(backend.server)
        .get(api(workspace.id))
        .set('Authorization', backend.user('bob'));
      expect(Date.parse(activity.body.lastActivityAt)).toBeGreaterThan(
        Date.now() - 60_000,
      );
    });

    it('proxies a WebSocket for an assigned user, without Backstage credentials', async () => {
      const { url, cookie } = await openTool('lab');
      const origin = new URL(url).origin;
      const port = (backend.server.address() as AddressInfo).port;
      const socketUrl = `ws://127.0.0.1:${port}/api/workspaces/connect/${workspace.id}/lab/api/kernels/k-1/channels?session_id=s-1`;
      const socket = await openSocket(socketUrl, {
        Cookie: `${cookie}; backstage-auth=user-token`,
        Authorization: backend.user('bob'),
        Origin: origin,
      });
      const reply = new Promise(resolve =>
        socket.once('message', data => resolve(String(data))),
      );
      socket.send('hello');
      expect(await reply).toBe('echo: hello');
      socket.close();
      const upgrade = lab.upgrades[lab.upgrades.length - 1];
      expect(upgrade.url).toBe(
        `/api/workspaces/connect/${workspace.id}/lab/api/kernels/k-1/channels?session_id=s-1`,
      );
      expect(upgrade.headers.authorization).toBeUndefined();
      expect(upgrade.headers.cookie).toBeUndefined();

      // without the cookie, with a forged one, or from another site: refused
      await expect(openSocket(socketUrl, { Origin: origin })).rejects.toThrow(
        'refused with 401',
      );
      await expect(
        openSocket(socketUrl, {
          Cookie: 'workspaces-tool-session=forged',
          Origin: origin,
        }),
      ).rejects.toThrow('refused with 401');
      await expect(
        openSocket(socketUrl, { Cookie: cookie, Origin: 'https://evil.test' }),
      ).rejects.toThrow('refused with 403');

      const audited = backend.audit.filter(e =>
        e.eventId.startsWith('workspace-tool'),
      );
      expect(audited).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            eventId: 'workspace-tool-session',
            outcome: 'success',
            meta: {
              user: 'user:default/bob',
              workspaceId: workspace.id,
              tool: 'lab',
            },
          }),
          expect.objectContaining({
            eventId: 'workspace-tool-websocket',
            outcome: 'success',
            meta: {
              user: 'user:default/bob',
              workspaceId: workspace.id,
              tool: 'lab',
            },
          }),
        ]),
      );
      expect(backend.audit).toContainEqual(
        expect.objectContaining({
          eventId: 'workspace-connect',
          outcome: 'success',
          actor: 'user:default/bob',
          meta: { workspaceId: workspace.id, tool: 'lab', mode: 'proxy' },
        }),
      );
      // neither links, cookies nor query strings are audited
      expect(JSON.stringify(backend.audit)).not.toMatch(
        /workspaces-link|workspaces-tool-session=|session_id|type=notebook/,
      );
    });

    it('refuses non-members, anonymous callers, used links and forged or expired cookies', async () => {
      const external = `/api/workspaces/connect/${workspace.id}/lab/`;
      // erin is not assigned to the vision project
      expect(
        (await connect(workspace.id, 'lab', backend.user('erin'))).status,
      ).toBe(404);
      expect((await connect(workspace.id, 'lab')).status).toBe(401);
      expect((await request(backend.server).get(external)).status).toBe(401);
      expect(
        (
          await request(backend.server)
            .get(external)
            .set('Cookie', 'workspaces-tool-session=forged')
        ).status,
      ).toBe(401);

      const { url } = await openTool('lab');
      const reused = await request(backend.server).get(pathOf(url));
      expect(reused.status).toBe(401);
      expect(reused.body.error.message).toBe(
        'This link has expired or was used already; open the tool again from Backstage',
      );

      const knex = await backend.workspacesDatabase();
      const expired = await openTool('lab');
      await knex('workspace_tool_sessions')
        .whereNotNull('cookie_hash')
        .update({ expires_at: new Date(Date.now() - 1000) });
      expect(
        (
          await request(backend.server)
            .get(external)
            .set('Cookie', expired.cookie)
        ).status,
      ).toBe(401);

      // every request is authorized again with the decision of the connect
      // call: once it no longer covers the workspace, the session is refused
      const revoked = await openTool('lab');
      await knex('workspace_tool_sessions')
        .whereNotNull('cookie_hash')
        .update({
          expires_at: new Date(Date.now() + 60_000),
          visibility: JSON.stringify({
            kind: 'filtered',
            criteria: {
              property: 'projectMember',
              values: ['group:default/web-team'],
            },
          }),
        });
      const refused = await request(backend.server)
        .get(external)
        .set('Cookie', revoked.cookie);
      expect(refused.status).toBe(404);
    });

    it('answers 404 for an unknown tool, links to the Ingress when there is one, and 409 unless it runs', async () => {
      const unknown = await connect(
        workspace.id,
        'rstudio',
        backend.user('bob'),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        `Workspace tools-${suffix} has no tool rstudio; its tools are lab, app`,
      );

      const exposed = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: `exposed-${suffix}`, environment: 'exposed' },
      );
      await waitForStatus(exposed.id, 'Running');
      const ingress = await connect(exposed.id, 'lab', backend.user('dave'));
      expect(ingress.status).toBe(200);
      expect(ingress.body).toEqual({
        url: `https://lab-exposed-${suffix}-vision.ws.example.com/`,
        mode: 'ingress',
      });

      const before = await openTool('lab');
      await request(backend.server)
        .post(api(`${workspace.id}/stop`))
        .set('Authorization', backend.user('bob'));
      await waitForStatus(workspace.id, 'Stopped');
      const stopped = await connect(workspace.id, 'lab', backend.user('bob'));
      expect(stopped.status).toBe(409);
      expect(stopped.body.error.message).toBe(
        `Workspace tools-${suffix} is Stopped, not Running; start it to open Lab`,
      );
      // a session from before the stop gets the same answer
      const proxied = await request(backend.server)
        .get(`/api/workspaces/connect/${workspace.id}/lab/`)
        .set('Cookie', before.cookie);
      expect(proxied.status).toBe(409);
      expect(proxied.body.error.message).toBe(stopped.body.error.message);
    });
  },
);
