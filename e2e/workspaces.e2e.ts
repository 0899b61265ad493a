import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  launchBrowser,
  row,
  screenshot,
  signIn,
  waitForStatus,
} from './browser';

// Alice is in ml-team, which owns the project fraud-detection; Bob is in
// vision-team, which has nothing to do with it (examples/).
const PROJECT_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const name = `e2e-${Date.now().toString(36)}`;

let browser: Browser;
let alice: Page;
let workspaceUrl: string;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
});

after(async () => {
  await browser?.close();
});

test('Alice creates a JupyterLab workspace with the small preset and sees it run', async () => {
  await alice.goto(PROJECT_TAB);
  await alice.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'JupyterLab', exact: true }).click();
  await screenshot(alice, 'stepper-environment');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('radio', { name: 'Small CPU' }).click();
  await screenshot(alice, 'stepper-compute');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();

  // the backend's rule shows at the field before anything is sent
  await dialog.getByLabel(/^Name/).fill('Not_Valid');
  await dialog.getByText(/'Not_Valid' is not a valid workspace name/).waitFor();
  assert.equal(
    await dialog.getByRole('button', { name: 'Create' }).isDisabled(),
    true,
  );
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });

  await waitForStatus(alice, name, 'Running');
  await screenshot(alice, 'project-tab');
});

test('Alice stops it, sees Stopped, starts it again and sees Running, without reloading', async () => {
  await row(alice, name).getByRole('button', { name: 'Stop' }).click();
  await waitForStatus(alice, name, 'Stopped');
  await row(alice, name).getByRole('button', { name: 'Start' }).click();
  await waitForStatus(alice, name, 'Running');
});

test('the details page shows the timeline, the runs, the create call and the Events tab', async () => {
  await row(alice, name).getByRole('link', { name, exact: true }).click();
  await alice.getByRole('heading', { name, exact: true }).waitFor();
  workspaceUrl = alice.url();
  const timeline = alice.getByRole('list', { name: 'Status timeline' });
  await timeline.getByText('Stopped', { exact: true }).first().waitFor();
  await timeline.getByText('Running', { exact: true }).first().waitFor();
  // two runs: the first ended by Alice's stop
  await alice
    .getByText(/Stopped by user:default\/alice/)
    .first()
    .waitFor();
  await alice
    .getByText(/curl -X POST/)
    .first()
    .waitFor();
  await screenshot(alice, 'details', { fullPage: true });
  // the Events tab: the cluster's events of its pod
  await alice.getByRole('tab', { name: 'Events' }).click();
  await alice
    .getByRole('cell', { name: 'Scheduled', exact: true })
    .first()
    .waitFor();
});

test('Bob, of another group, can neither see it nor open it', async () => {
  const bob = (await signIn(browser, 'Bob')).page;
  await bob.goto(`${APP_URL}/workspaces`);
  await bob.getByRole('heading', { name: 'Workspaces' }).first().waitFor();
  // the grid has loaded: its empty state, or rows of Bob's own projects
  await bob
    .getByText('No workspaces yet')
    .or(bob.locator('tbody tr').filter({ has: bob.getByRole('link') }))
    .first()
    .waitFor();
  assert.equal(await bob.getByRole('link', { name, exact: true }).count(), 0);
  await bob.goto(workspaceUrl);
  await bob
    .getByText(/not found/i)
    .first()
    .waitFor();
  assert.equal(
    await bob.getByRole('heading', { name, exact: true }).count(),
    0,
  );
  await bob.context().close();
});

test('Alice deletes it after a confirmation naming it', async () => {
  await alice.goto(PROJECT_TAB);
  await row(alice, name).getByRole('button', { name: 'Delete' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByText(`Delete workspace ${name}?`).waitFor();
  await dialog.getByRole('button', { name: `Delete ${name}` }).click();
  await row(alice, name).waitFor({ state: 'detached', timeout: 90_000 });
});
