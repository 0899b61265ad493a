import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  getKubeLocal,
  kubernetesClusterConfig,
  launchLoopbackChromium,
} from '@internal/kube-local';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { BackendProcess } from '../__testUtils__/backendProcess/BackendProcess';
import { signInWithLoopbackOAuth } from '../__testUtils__/backendProcess/signInWithLoopbackOAuth';
import { prepareTestCluster } from '../__testUtils__/kubernetesTestCluster';
import { HOSTILE_TOOL } from '../__testUtils__/realTools';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';
import { toolSessionCookieName } from './toolRequestHeaders';

jest.setTimeout(300_000);

/*
 * A hostile tool, opened by Alice in Chromium: its page (a real process of
 * tools/kube-local/runtimes/hostile-tool) tries the sign-in refresh, the
 * cookies, Backstage's API, the portal and another workspace's tool. The
 * backend is production-shaped (BackendProcess): the real auth backend with
 * an OAuth provider whose refresh cookie is a real one, real httpAuth.
 *
 * On the tools origin (host mode, the default) every attempt fails and
 * nothing of Alice's reaches the page. On the backend's origin (path mode)
 * the same page takes her Backstage token and reads her workspaces: the
 * negative control, and the reason path mode is opt-in with a warning.
 */

type Attempt = {
  url?: string;
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
};
type HostileReport = { origin: string; attempts: Record<string, Attempt> };

const namespace = 'tools-origin';
const project = `system:default/${namespace}`;
const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;

/** The claims of a JWT, unverified: whose token it is. */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe.each(['host', 'path'] as const)(
  'a hostile tool page, tools in %s mode',
  mode => {
    let backend: BackendProcess;
    let browser: Browser;
    let context: BrowserContext;
    let aliceToken: string;
    let report: HostileReport;
    let victimUrl: string;

    /** Opens a workspace's tool as the portal would: its one-time link. */
    const openTool = async (page: Page, workspaceId: string) => {
      const connect = await fetch(
        `${backend.baseUrl}/api/workspaces/workspaces/${workspaceId}/tools/page/connect`,
        { method: 'POST', headers: { authorization: `Bearer ${aliceToken}` } },
      );
      if (connect.status !== 200) {
        throw new Error(`connect answered ${connect.status}`);
      }
      const { url } = await connect.json();
      await page.goto(url);
      // the tool's base: its origin in host mode, its path in path mode
      return page.url().replace(/#.*$/, '');
    };

    beforeAll(async () => {
      const kube = getKubeLocal();
      const pluginToken = await prepareTestCluster(kube, [namespace]);
      backend = await BackendProcess.create({
        dir: mkdtempSync(join(tmpdir(), `workspaces-hostile-${mode}-`)),
        config: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
            // the app's origin only, as in production
            cors: { origin: 'http://localhost:3000', credentials: true },
          },
          auth: {
            environment: 'development',
            providers: { loopback: { development: {} } },
          },
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['System'] }],
            processingInterval: { seconds: 1 },
            locations: [
              {
                type: 'file',
                target: resolvePackagePath(
                  '@backstage-workspaces/plugin-workspaces-backend',
                  'src/__testUtils__/backendProcess/toolsOriginCatalog.yaml',
                ),
              },
            ],
          },
          workspaces: {
            encryptionKey: 'test-encryption-key-of-some-length',
            kubernetes: { sweepIntervalSeconds: 1 },
            tools: { mode },
            environments: [HOSTILE_TOOL],
            computePresets: [
              {
                id: 'small',
                title: 'Small',
                cpu: { request: '100m' },
                memory: { request: '256Mi' },
              },
            ],
            dataSources: [],
          },
          kubernetes: kubernetesClusterConfig(kube, pluginToken),
        },
      });
      await backend.start(async () => {
        const token = await signInWithLoopbackOAuth(backend.baseUrl, 'alice');
        const blocks = await fetch(
          `${backend.baseUrl}/api/workspaces/building-blocks?project=${project}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return blocks.status === 200 ? token : undefined;
      });

      browser = await launchLoopbackChromium();
      context = await browser.newContext();
      const page = await context.newPage();
      // Alice signs in: the auth backend leaves its refresh cookie
      await page.goto(
        `${backend.baseUrl}/api/auth/loopback/start?${new URLSearchParams({
          env: 'development',
          flow: 'redirect',
          redirectUrl: `${backend.baseUrl}/api/workspaces/health`,
          login_hint: 'alice',
        })}`,
      );
      aliceToken = await page.evaluate(async () => {
        const response = await fetch(
          '/api/auth/loopback/refresh?env=development',
          { headers: { 'x-requested-with': 'XMLHttpRequest' } },
        );
        return (await response.json()).backstageIdentity.token;
      });
      if (claimsOf(aliceToken).sub !== 'user:default/alice') {
        throw new Error('the browser is not signed in as Alice');
      }

      const authorization = `Bearer ${aliceToken}`;
      const [hostile, victim] = await Promise.all(
        ['hostile', 'victim'].map(name =>
          createWorkspace(backend.baseUrl, authorization, {
            project,
            name: `${name}-${mode}`,
            environment: HOSTILE_TOOL.id,
            compute: { preset: 'small' },
            dataSources: [],
            env: [],
          }),
        ),
      );
      for (const workspace of [hostile, victim]) {
        await waitForStatus(
          backend.baseUrl,
          authorization,
          workspace.id,
          'Running',
          120_000,
        );
      }

      // Alice has the victim workspace's tool open too
      victimUrl = await openTool(await context.newPage(), victim.id);
      // ... and opens the hostile one, which goes after her and the victim
      const hostilePage = await context.newPage();
      const hostileUrl = await openTool(hostilePage, hostile.id);
      const targets = {
        backend: backend.baseUrl,
        app: backend.baseUrl,
        providers: ['loopback'],
        otherTool: victimUrl,
      };
      await hostilePage.goto(
        `${hostileUrl}#${encodeURIComponent(JSON.stringify(targets))}`,
      );
      await hostilePage.reload();
      await hostilePage.waitForFunction(() => (window as any).hostileReport, {
        timeout: 60_000,
      });
      report = await hostilePage.evaluate(() => (window as any).hostileReport);
    });

    afterAll(async () => {
      await browser?.close();
      await backend?.stop();
    });

    if (mode === 'host') {
      it('runs on an origin of its own, apart from Backstage’s and the victim’s', () => {
        expect(report.origin).toMatch(
          /^http:\/\/page--hostile-host--tools-origin\.tools\.localhost:\d+$/,
        );
        expect(report.origin).not.toBe(new URL(victimUrl).origin);
      });

      it('gets no token from the sign-in refresh, and no cookie', () => {
        expect(report.attempts['refresh:loopback']).toMatchObject({
          ok: false,
          error: expect.stringMatching(/Failed to fetch/),
        });
        expect(report.attempts.stolenToken.ok).toBe(false);
        // not Backstage's cookies, nor its own session cookie (HttpOnly)
        expect(report.attempts.cookies.body).toBe('');
      });

      it('reads nothing from Backstage’s API, the portal or the victim’s tool', () => {
        for (const name of [
          'backend-with-cookies',
          'backend-without-credentials',
          'portal',
          'other-tool',
          'other-tool-websocket',
        ]) {
          expect({ name, ok: report.attempts[name].ok }).toEqual({
            name,
            ok: false,
          });
          expect(report.attempts[name].body ?? '').toBe('');
        }
      });

      it('holds nothing of Alice’s: no token, no cookie value, no header', async () => {
        const text = JSON.stringify(report);
        const cookies = await context.cookies();
        expect(cookies.map(c => c.name)).toEqual(
          expect.arrayContaining([
            'loopback-refresh-token',
            toolSessionCookieName(false),
          ]),
        );
        expect(text.match(jwt)).toBeNull();
        expect(text).not.toContain(aliceToken);
        // every secret value (short ones, like a granted scope, are not)
        for (const cookie of cookies.filter(c => c.value.length >= 16)) {
          expect({
            cookie: cookie.name,
            leaked: text.includes(cookie.value),
          }).toEqual({ cookie: cookie.name, leaked: false });
        }
        // what reached the tool's own server: no Backstage credentials
        const received: Array<{ headers: Record<string, string> }> = JSON.parse(
          report.attempts['received-here'].body!,
        );
        expect(received.length).toBeGreaterThan(0);
        for (const { headers } of received) {
          expect(headers.authorization).toBeUndefined();
          expect(headers.cookie ?? '').not.toMatch(
            /loopback-refresh-token|workspaces-tool-session/,
          );
        }
      });
    } else {
      it('runs on Backstage’s own origin', () => {
        expect(report.origin).toBe(backend.baseUrl);
      });

      it('takes Alice’s Backstage token from the sign-in refresh (negative control)', () => {
        expect(report.attempts['refresh:loopback'].ok).toBe(true);
        const stolen = report.attempts.stolenToken.body!;
        expect(claimsOf(stolen).sub).toBe('user:default/alice');
      });

      it('reads Alice’s workspaces with it, and the victim’s tool with her cookie', () => {
        const workspaces = report.attempts['backend-with-stolen-token'];
        expect(workspaces.status).toBe(200);
        expect(workspaces.body).toContain('victim-path');
        expect(report.attempts['other-tool'].status).toBe(200);
      });
    }
  },
);
