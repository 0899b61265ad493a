import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Locator, Page } from 'playwright-core';
import { APP_URL, deleteIfListed, launchBrowser, row, signIn } from './browser';

/*
 * Fewer keystrokes (issue 23 item 8): from the project's Workspaces tab, a
 * workspace is created with the stepper's defaults (the first current
 * environment, the first preset, the default volume) and its suggested free
 * name, in at most 5 clicks and without a key pressed.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const MAX_CLICKS = 5;

let browser: Browser;
let alice: Page;
let created: string | undefined;

/** Clicks that count themselves. */
function clickCounter() {
  let clicks = 0;
  return {
    async click(target: Locator) {
      clicks++;
      await target.click();
    },
    get clicks() {
      return clicks;
    },
  };
}

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  // every key that reaches the app, from this navigation on
  await alice.addInitScript(() => {
    const counted = window as unknown as { workspacesE2eKeys: number };
    counted.workspacesE2eKeys = 0;
    document.addEventListener(
      'keydown',
      () => {
        counted.workspacesE2eKeys++;
      },
      true,
    );
  });
});

after(async () => {
  if (created) {
    await alice?.goto(FRAUD_TAB);
    await deleteIfListed(alice, created);
  }
  await browser?.close();
});

test('a workspace is created from the project tab in at most 5 clicks, with no typing, under a suggested free name', async () => {
  await alice.goto(FRAUD_TAB);
  const counter = clickCounter();
  const dialog = alice.getByRole('dialog');

  await counter.click(alice.getByRole('button', { name: 'Create workspace' }));
  // the first current environment is preselected (the deprecated one is not)
  const jupyterlab = dialog.getByRole('radio', {
    name: 'JupyterLab',
    exact: true,
  });
  await jupyterlab.waitFor();
  assert.equal(await jupyterlab.getAttribute('aria-checked'), 'true');
  await counter.click(dialog.getByRole('button', { name: 'Next' }));
  const small = dialog.getByRole('radio', { name: 'Small CPU' });
  await small.waitFor();
  assert.equal(await small.getAttribute('aria-checked'), 'true');
  await counter.click(dialog.getByRole('button', { name: 'Next' }));
  await counter.click(dialog.getByRole('button', { name: 'Next' }));

  // the suggestion arrives once the project's names are read
  const nameField = dialog.getByLabel(/^Name/);
  await alice.waitForFunction(
    () =>
      (document.getElementById('workspace-name') as HTMLInputElement | null)
        ?.value,
  );
  const name = await nameField.inputValue();
  assert.match(name, /^jupyterlab-\d+$/);
  created = name;
  await counter.click(dialog.getByRole('button', { name: 'Create' }));
  await dialog.waitFor({ state: 'detached' });
  await row(alice, name).waitFor();

  assert.ok(
    counter.clicks <= MAX_CLICKS,
    `${counter.clicks} clicks, more than ${MAX_CLICKS}`,
  );
  const keys = await alice.evaluate(
    () =>
      (window as unknown as { workspacesE2eKeys: number }).workspacesE2eKeys,
  );
  assert.equal(keys, 0);
  assert.match(await row(alice, name).innerText(), /JupyterLab/);
});
