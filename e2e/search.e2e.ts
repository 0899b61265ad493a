import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteIfListed,
  launchBrowser,
  screenshot,
  signIn,
} from './browser';

/*
 * Search (issue 23 item 2) in the demo app: a workspace Alice creates in
 * Fraud detection is found on Backstage's search page, shown by our result
 * item with its project and status; Bob, of another team, searching for the
 * same name gets no such result. The demo indexes workspaces every minute.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const name = `found-${Date.now().toString(36)}`;
const INDEXED_WITHIN_MS = 150_000;

let browser: Browser;
let alice: Page;
let bob: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  bob = (await signIn(browser, 'Bob')).page;
  await alice.goto(FRAUD_TAB);
  await createWorkspaceInUi(alice, {
    name,
    environment: 'JupyterLab',
    preset: 'Small CPU',
  });
});

after(async () => {
  await alice?.goto(FRAUD_TAB);
  await deleteIfListed(alice, name);
  await browser?.close();
});

const resultLink = (page: Page) =>
  page.getByRole('link', { name, exact: true });

test("a member finds the workspace on the search page, with its project, through the plugin's result item", async () => {
  const deadline = Date.now() + INDEXED_WITHIN_MS;
  for (;;) {
    await alice.goto(`${APP_URL}/search?query=${name}`);
    const found = await resultLink(alice)
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (found) break;
    assert.ok(Date.now() < deadline, `${name} was not indexed in time`);
  }
  const item = alice.locator('li, [role="listitem"], div', {
    has: resultLink(alice),
  });
  await item.getByText('fraud-detection').first().waitFor();
  assert.match(
    (await resultLink(alice).getAttribute('href')) ?? '',
    /\/workspaces\//,
  );
  await screenshot(alice, 'search-result');
});

test('a user of another project gets no such result for the same query', async () => {
  await bob.goto(`${APP_URL}/search?query=${name}`);
  // the page has answered: its result count or empty state is there
  await bob
    .getByText(/results? found|no results/i)
    .first()
    .waitFor();
  assert.equal(await resultLink(bob).count(), 0);
});
