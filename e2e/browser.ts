import {
  Browser,
  BrowserContext,
  chromium,
  Locator,
  Page,
} from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the demo app runs; `./scripts/e2e` starts it. */
export const APP_URL = process.env.E2E_APP_URL ?? 'http://localhost:3000';

/** Screenshots of this run, not committed. */
export const OUTPUT_DIR = join(__dirname, '..', 'test-output', 'e2e');

/** How long a workspace may take to reach a status on the local control plane. */
export const STATUS_TIMEOUT_MS = 90_000;

/**
 * Chromium flags for our machines, where nothing may connect outside
 * loopback: it resolves no name but localhost and `*.localhost` (so it asks
 * no DNS server), and starts none of its background services. The runs are
 * in tools/netguard's loopback guard, which fails them otherwise.
 */
const LOOPBACK_ONLY_CHROMIUM_ARGS = [
  '--host-resolver-rules=MAP localhost 127.0.0.1, MAP *.localhost 127.0.0.1, MAP * ~NOTFOUND',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      ...LOOPBACK_ONLY_CHROMIUM_ARGS,
    ],
  });
}

/** A new browser session signed in as a demo user of examples/org.yaml. */
export async function signIn(
  browser: Browser,
  user: 'Alice' | 'Bob' | 'Carol',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(APP_URL);
  await page.getByRole('button', { name: new RegExp(`^${user} \\(`) }).click();
  await page.getByRole('link', { name: 'Workspaces' }).first().waitFor();
  return { context, page };
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

/** The grid row of a workspace. */
export function row(page: Page, name: string): Locator {
  return page.locator('tr', {
    has: page.getByRole('link', { name, exact: true }),
  });
}

/** Waits, without reloading the page, until the row shows the status. */
export async function waitForStatus(
  page: Page,
  name: string,
  status: string,
): Promise<void> {
  await row(page, name)
    .locator(`[data-status="${status}"]`)
    .waitFor({ timeout: STATUS_TIMEOUT_MS });
}
