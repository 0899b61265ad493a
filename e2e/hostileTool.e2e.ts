import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteWorkspacesNamed,
  launchBrowser,
  openTool,
  screenshot,
  signIn,
  waitForStatus,
} from './browser';

/*
 * A hostile tool page in the demo (environment "Hostile page", kube-local's
 * hostile-tool runtime): what a notebook's output or an extension could run
 * once Alice opens a workspace. Tools are on their own origins
 * (*.tools.localhost:7008), so it must get nothing of hers: no Backstage
 * token from the sign-in refresh, no answer from Backstage's API or the
 * portal, nothing from the other workspace's tool she has open.
 * src/proxy/hostileTool.test.ts of the backend has the negative control (the
 * same page in path mode takes her token).
 */
const PROJECT_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const BACKEND_URL = 'http://localhost:7007';
const suffix = Date.now().toString(36);
const hostileName = `hostile-${suffix}`;
const victimName = `victim-${suffix}`;
const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

type Attempt = { ok: boolean; status?: number; body?: string; error?: string };
type HostileReport = { origin: string; attempts: Record<string, Attempt> };

let browser: Browser;
let context: BrowserContext;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  ({ context, page: alice } = await signIn(browser, 'Alice'));
  await alice.goto(PROJECT_TAB);
  await deleteWorkspacesNamed(alice, /^(hostile|victim)-/);
});

after(async () => {
  await alice?.goto(PROJECT_TAB);
  await deleteWorkspacesNamed(alice, /^(hostile|victim)-/);
  await browser?.close();
});

test('a hostile tool page that Alice opens gets nothing of hers, nor of the portal, nor of her other tool', async () => {
  await alice.goto(PROJECT_TAB);
  for (const name of [victimName, hostileName]) {
    await createWorkspaceInUi(alice, {
      name,
      environment: 'Hostile page (security check)',
      preset: 'Small CPU',
    });
  }
  await waitForStatus(alice, victimName, 'Running');
  await waitForStatus(alice, hostileName, 'Running');

  // Alice has one tool open, then opens the hostile one from the portal
  const victim = await openTool(alice, victimName, 'Hostile page');
  const victimUrl = victim.page.url();
  const hostile = await openTool(alice, hostileName, 'Hostile page');
  const hostileUrl = hostile.page.url().replace(/#.*$/, '');
  const targets = {
    backend: BACKEND_URL,
    app: APP_URL,
    providers: ['guest', 'demo'],
    demoUser: 'alice',
    otherTool: victimUrl,
  };
  await hostile.page.goto(
    `${hostileUrl}#${encodeURIComponent(JSON.stringify(targets))}`,
  );
  await hostile.page.reload();
  await hostile.page.waitForFunction(() => (window as any).hostileReport, {
    timeout: 60_000,
  });
  const report: HostileReport = await hostile.page.evaluate(
    () => (window as any).hostileReport,
  );
  await screenshot(hostile.page, 'hostile-tool-report', { fullPage: true });

  // its own origin, apart from the portal's, the backend's and the victim's
  assert.match(
    report.origin,
    new RegExp(
      `^http://page--${hostileName}--fraud-detection\\.tools\\.localhost:7008$`,
    ),
  );
  assert.notEqual(report.origin, new URL(victimUrl).origin);

  // no token from either provider's refresh, no cookie to read
  for (const provider of targets.providers) {
    assert.equal(report.attempts[`refresh:${provider}`].ok, false, provider);
  }
  assert.equal(report.attempts.stolenToken.ok, false);
  assert.equal(report.attempts.cookies.body, '');

  // nothing from the API, the portal, the other tool or its WebSocket
  for (const name of [
    'backend-with-cookies',
    'backend-without-credentials',
    'portal',
    'other-tool',
    'other-tool-websocket',
  ]) {
    assert.deepEqual(
      {
        name,
        ok: report.attempts[name].ok,
        body: report.attempts[name].body ?? '',
      },
      { name, ok: false, body: '' },
    );
  }
  // the portal opened the tab without a handle on itself
  assert.equal(report.attempts.opener.ok, false);

  // nothing of Alice's in what the page holds or what reached its server
  const text = JSON.stringify(report);
  assert.equal(text.match(jwt), null);
  const cookies = await context.cookies();
  assert.ok(cookies.length > 0, 'Alice has cookies to protect');
  for (const cookie of cookies.filter(c => c.value.length >= 16)) {
    assert.equal(text.includes(cookie.value), false, cookie.name);
  }
  const received: Array<{ headers: Record<string, string> }> = JSON.parse(
    report.attempts['received-here'].body!,
  );
  assert.ok(received.length > 0);
  for (const { headers } of received) {
    assert.equal(headers.authorization, undefined);
    assert.doesNotMatch(
      headers.cookie ?? '',
      /refresh-token|workspaces-tool-session/,
    );
  }
  await hostile.page.close();
  await victim.page.close();
});
