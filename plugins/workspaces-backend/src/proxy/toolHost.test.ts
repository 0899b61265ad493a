import { getKubeLocal } from '@internal/kube-local';
import fc from 'fast-check';
import request from 'supertest';
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
import { isForeignSubrequest } from './startToolHostServer';
import { TestClock } from '../__testUtils__/testServices';
import WebSocket from 'ws';
import {
  loopbackFetch,
  loopbackLookup,
  openToolSession,
} from '../__testUtils__/toolSession';
import {
  createWorkspace,
  waitForStatus as waitFor,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const kube = getKubeLocal();

type TestTool = Awaited<ReturnType<typeof startTestTool>>;

/*
 * Host mode, the default: every workspace tool on a host of its own under
 * *.tools.localhost, served by the backend's tool listener. The tools here are
 * real HTTP servers standing in for them, which the simulated pods report as
 * their address (127.0.0.1).
 */
describe.each(databases.eachSupportedId())(
  'workspace tools on hosts of their own on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;
    let tool: TestTool;
    const clock = new TestClock();
    let mine: { id: string; name: string };
    let other: { id: string; name: string };
    const suffix = databaseId.toLowerCase().replace('_', '');

    const connect = (id: string, user?: string) => {
      const call = request(backend.server).post(
        `/api/workspaces/workspaces/${id}/tools/lab/connect`,
      );
      return user ? call.set('Authorization', user) : call;
    };

    beforeAll(async () => {
      tool = await startTestTool();
      const token = await prepareTestCluster(kube, ['vision']);
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        clock,
        config: runtimeTestConfig(kube, token, {
          tools: { listen: { port: 0 } },
          ...testToolsConfig([
            { id: 'lab', type: 'jupyterlab', title: 'Lab', port: tool.port },
          ]),
        }),
      });
      mine = await createWorkspace(backend.server, backend.user('bob'), {
        name: `mine-${suffix}`,
        environment: 'tools',
      });
      other = await createWorkspace(backend.server, backend.user('bob'), {
        name: `other-${suffix}`,
        environment: 'tools',
      });
      await waitFor(backend.server, backend.user('bob'), mine.id, 'Running');
      await waitFor(backend.server, backend.user('bob'), other.id, 'Running');
    });

    afterAll(async () => {
      await backend?.stop();
      await tool?.close();
    });

    it('hands a one-time link to the tool’s own host, which makes it a cookie of that host only', async () => {
      const connected = await connect(mine.id, backend.user('bob'));
      expect(connected.status).toBe(200);
      const link = new URL(connected.body.url);
      expect(link.hostname).toBe(`lab--mine-${suffix}--vision.tools.localhost`);
      expect(link.pathname).toBe('/__workspaces/handoff');
      expect(link.searchParams.get('workspaces-link')).toMatch(/^[\w-]{43}$/);
      // a portal origin, or another workspace's, is not the tool's
      expect(link.origin).not.toBe(new URL(connected.request.url).origin);

      const opened = await loopbackFetch(connected.body.url);
      expect(opened.status).toBe(303);
      expect(opened.headers.get('location')).toBe('/');
      expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
      expect(opened.headers.get('set-cookie')).toMatch(
        /^workspaces-tool-session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
      );
      expect(opened.headers.get('set-cookie')).not.toMatch(/Domain=/i);
    });

    it('proxies HTTP and WebSockets at / of the tool host, without Backstage’s credentials, unframeable', async () => {
      const session = await openToolSession(
        backend.server,
        backend.user('bob'),
        mine.id,
        'lab',
      );
      const page = await session.fetch('api/contents?type=notebook', {
        headers: {
          cookie: 'ignored',
          authorization: backend.user('bob'),
        },
      });
      expect(page.status).toBe(200);
      const seen = await page.json();
      // JupyterLab serves at / of its own host
      expect(seen.url).toBe('/api/contents?type=notebook');
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers.cookie).toBeUndefined();
      expect(page.headers.get('content-security-policy')).toBe(
        "frame-ancestors 'self'",
      );
      // a cookie the tool sets stays the tool's, and comes back to it
      expect(session.cookies.get('tool-session')).toBe('abc');
      const again = await (await session.fetch('again')).json();
      expect(again.headers.cookie).toBe('tool-session=abc');

      const socket = await session.socket('api/kernels/k-1/channels');
      const reply = new Promise(resolve =>
        socket.once('message', data => resolve(String(data))),
      );
      socket.send('hello');
      expect(await reply).toBe('echo: hello');
      socket.close();
      const upgrade = tool.upgrades[tool.upgrades.length - 1];
      expect(upgrade.url).toBe('/api/kernels/k-1/channels');
      expect(upgrade.headers.cookie).toBe('tool-session=abc');
    });

    it('refuses a Backstage token, a replayed or expired link, another workspace’s cookie and other origins’ WebSockets', async () => {
      const session = await openToolSession(
        backend.server,
        backend.user('bob'),
        mine.id,
        'lab',
      );
      const base = session.base;
      // a Backstage token opens no tool
      const withToken = await loopbackFetch(base, {
        headers: { authorization: backend.user('bob') },
      });
      expect(withToken.status).toBe(401);

      // a link works once
      const { body } = await connect(mine.id, backend.user('bob'));
      expect((await loopbackFetch(body.url)).status).toBe(303);
      const replayed = await loopbackFetch(body.url);
      expect(replayed.status).toBe(401);
      expect((await replayed.json()).error.message).toBe(
        'This link has expired or was used already; open the tool again from Backstage',
      );

      // a link is good for a minute
      const late = await connect(mine.id, backend.user('bob'));
      clock.advance(2);
      expect((await loopbackFetch(late.body.url)).status).toBe(401);

      // a link of one workspace is worth nothing at another's host
      const mineLink = new URL(
        (await connect(mine.id, backend.user('bob'))).body.url,
      );
      const otherOrigin = new URL(
        (await connect(other.id, backend.user('bob'))).body.url,
      ).origin;
      expect(
        (
          await loopbackFetch(
            `${otherOrigin}${mineLink.pathname}${mineLink.search}`,
          )
        ).status,
      ).toBe(401);

      // nor is its cookie
      const cookie = [...session.cookies]
        .map(([name, value]) => `${name}=${value}`)
        .join('; ');
      expect(
        (await loopbackFetch(`${otherOrigin}/`, { headers: { cookie } }))
          .status,
      ).toBe(401);
      expect((await loopbackFetch(base, { headers: { cookie } })).status).toBe(
        200,
      );

      // a WebSocket from a page of another origin (the portal's) is refused
      const portal = new URL(
        (await connect(mine.id, backend.user('bob'))).request.url,
      ).origin;
      const refused = await new Promise<number>(resolve => {
        const socket = new WebSocket(`${base.replace(/^http/, 'ws')}x`, {
          headers: { cookie, origin: portal },
          lookup: loopbackLookup,
        });
        socket.once('unexpected-response', (_req, res) =>
          resolve(res.statusCode!),
        );
        socket.once('open', () => resolve(101));
      });
      expect(refused).toBe(403);

      // not a member of the project: no link at all
      expect((await connect(mine.id, backend.user('erin'))).status).toBe(404);
    });

    it('lets no tool host call Backstage’s API: CORS refuses their origins', async () => {
      const { body } = await connect(mine.id, backend.user('bob'));
      const toolOrigin = new URL(body.url).origin;
      const preflight = await request(backend.server)
        .options('/api/workspaces/workspaces')
        .set('Origin', toolOrigin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('never fails at the tool host, whatever the host, path or cookie', async () => {
      const { body } = await connect(mine.id, backend.user('bob'));
      const port = new URL(body.url).port;
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constant(new URL(body.url).hostname),
            fc.domain(),
            fc.string(),
          ),
          fc.webPath(),
          fc.string(),
          async (host, path, cookie) => {
            const answer = await loopbackFetch(
              `http://127.0.0.1:${port}${path || '/'}`,
              {
                headers: {
                  host: `${host}:${port}`,
                  cookie: `workspaces-tool-session=${encodeURIComponent(
                    cookie,
                  )}`,
                },
              },
            ).catch(() => undefined);
            const status = answer?.status ?? 0;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            expect(status === 0 || (status >= 300 && status < 500)).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
      expect(statuses.get(401)).toBeGreaterThan(0);
    });
  },
);

describe('isForeignSubrequest', () => {
  const origin = 'http://lab--a--vision.tools.localhost:7008';
  const sibling = 'http://lab--b--vision.tools.localhost:7008';
  const asked = (method: string, headers: Record<string, string>) =>
    isForeignSubrequest({ method, headers }, origin);

  it('lets the tool’s own pages and people going there by a link through', () => {
    expect(asked('POST', { 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(asked('GET', { 'sec-fetch-site': 'none' })).toBe(false);
    for (const site of ['same-site', 'cross-site']) {
      expect(
        asked('GET', { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' }),
      ).toBe(false);
    }
    // a browser without Fetch Metadata: reads, and its own origin's changes
    expect(asked('GET', {})).toBe(false);
    expect(asked('POST', { origin })).toBe(false);
  });

  it('refuses what a sibling tool’s or another site’s page sends with the cookie', () => {
    for (const site of ['same-site', 'cross-site']) {
      for (const mode of ['cors', 'no-cors']) {
        expect(
          asked('GET', { 'sec-fetch-site': site, 'sec-fetch-mode': mode }),
        ).toBe(true);
      }
      // a form posted at the tool from elsewhere
      expect(
        asked('POST', { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' }),
      ).toBe(true);
    }
    expect(asked('POST', { origin: sibling })).toBe(true);
    expect(asked('DELETE', { origin: 'null' })).toBe(true);
  });
});
