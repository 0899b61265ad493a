import { launchLoopbackChromium } from '@internal/kube-local';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the demo app runs; `./scripts/e2e` starts it. */
export const APP_URL = process.env.E2E_APP_URL ?? 'http://localhost:3000';

/** Screenshots of this run, not committed. */
export const OUTPUT_DIR = join(__dirname, '..', 'test-output', 'e2e');

/** How long a workspace may take to reach a status on the local control plane. */
export const STATUS_TIMEOUT_MS = 90_000;

/** The system Chromium, kept on loopback. */
export const launchBrowser = launchLoopbackChromium;

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

/** Creates a workspace with the stepper of the page's project tab. */
export async function createWorkspaceInUi(
  page: Page,
  options: {
    name: string;
    environment: string;
    preset: string;
    /** Data sources to tick besides the preselected volume (their labels). */
    dataSources?: string[];
  },
): Promise<void> {
  await page.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('radio', { name: options.environment, exact: true })
    .click();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('radio', { name: options.preset }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();
  for (const label of options.dataSources ?? []) {
    await dialog.getByLabel(label).check();
  }
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel(/^Name/).fill(options.name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Clicks "Open <tool>" in a workspace's row (or activates it otherwise, e.g.
 * Enter on the focused button) and returns the tab the tool opens in, once
 * the one-time link has become its session, with the link.
 */
export async function openTool(
  page: Page,
  workspace: string,
  tool: string,
  activate: (button: Locator) => Promise<void> = button => button.click(),
): Promise<{ page: Page; link: string }> {
  // both are waited for before the click: the tab may ask for the link at once
  const linkRequest = page
    .context()
    .waitForEvent('request', request =>
      request.url().includes('workspaces-link='),
    );
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    activate(
      row(page, workspace).getByRole('button', { name: `Open ${tool}` }),
    ),
  ]);
  const link = await linkRequest;
  await tab.waitForURL(
    url => url.protocol === 'http:' && !url.search.includes('workspaces-link'),
  );
  return { page: tab, link: link.url() };
}

/**
 * Deletes the workspaces of the page's grid whose names match, e.g. what an
 * interrupted earlier run left (the per-user quota counts them).
 */
export async function deleteWorkspacesNamed(
  page: Page,
  pattern: RegExp,
): Promise<void> {
  await page
    .locator('tr a')
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => {});
  const names = (await page.locator('tr a').allTextContents()).filter(name =>
    pattern.test(name),
  );
  for (const name of names) {
    await deleteWorkspace(page, name);
  }
}

/** Deletes a workspace of the page's grid, confirming, and waits until it is gone. */
export async function deleteWorkspace(page: Page, name: string): Promise<void> {
  await row(page, name).getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Delete ${name}` })
    .click();
  await row(page, name).waitFor({ state: 'detached', timeout: 90_000 });
}

/**
 * Deletes a workspace if its row shows on the page within a while (a test's
 * clean-up, often just after a navigation, before the grid has loaded).
 */
export async function deleteIfListed(page: Page, name: string): Promise<void> {
  // waitFor, not isVisible: isVisible ignores its timeout and answers at once
  const listed = await row(page, name)
    .getByRole('button', { name: 'Delete' })
    .waitFor({ timeout: 15_000 })
    .then(
      () => true,
      () => false,
    );
  if (listed) await deleteWorkspace(page, name);
}
