import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Locator, Page } from 'playwright-core';
import { expectNoBlockingViolations, findBlockingViolations } from './axe';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteIfListed,
  deleteWorkspacesNamed,
  launchBrowser,
  row,
  signIn,
  waitForStatus,
} from './browser';

/*
 * Accessibility (issue 23 item 7): axe-core, injected into the page, finds no
 * serious or critical violation on a project's Workspaces tab, the
 * Workspaces page, each step of the create stepper and each tab of a
 * workspace's details page. The check itself fires on a page with a
 * deliberately unlabelled control (the negative control).
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const name = `a11y-${Date.now().toString(36)}`;
const LEFT_OVER = /^a11y-[a-z0-9]+$/;

let browser: Browser;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  await alice.goto(FRAUD_TAB);
  await deleteWorkspacesNamed(alice, LEFT_OVER);
  // a running workspace for the grids and the details page
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

/** Not by colour alone: the status is text, and an image named by it. */
async function expectStatusAsText(where: Locator, status: string) {
  const badge = where.getByRole('img', { name: new RegExp(`^${status}\\.`) });
  assert.equal((await badge.innerText()).trim(), status);
  assert.equal(await badge.getAttribute('data-status'), status);
}

test('each step of the create stepper has no serious or critical violations', async () => {
  await alice.goto(FRAUD_TAB);
  await alice.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'JupyterLab', exact: true }).click();
  await dialog.locator('[aria-checked="true"]').waitFor();
  await expectNoBlockingViolations(alice, 'the stepper: Environment');

  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('radio', { name: 'Small CPU' }).click();
  await expectNoBlockingViolations(alice, 'the stepper: Compute');

  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('checkbox').first().waitFor();
  await expectNoBlockingViolations(alice, 'the stepper: Data');

  await dialog.getByRole('button', { name: 'Next' }).click();
  const nameField = dialog.getByLabel(/^Name/);
  await nameField.fill('a11y-stepper');
  await expectNoBlockingViolations(alice, 'the stepper: Name');

  // a problem shown at its field is accessible too
  await nameField.fill('Not_Valid');
  await dialog.getByText(/'Not_Valid' is not a valid workspace name/).waitFor();
  await expectNoBlockingViolations(alice, 'the stepper: Name with a problem');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
});

test("a project's Workspaces tab, with a running workspace, has no serious or critical violations and shows the status as text", async () => {
  await alice.goto(FRAUD_TAB);
  await waitForStatus(alice, name, 'Running');
  await row(alice, name).getByRole('button', { name: 'Stop' }).waitFor();
  await expectNoBlockingViolations(alice, "the project's Workspaces tab");
  await expectStatusAsText(row(alice, name), 'Running');
});

test('the Workspaces page of the sidebar has no serious or critical violations', async () => {
  await alice.goto(APP_URL);
  await alice.getByRole('link', { name: 'Workspaces' }).first().click();
  await alice.waitForURL(/\/workspaces$/);
  await waitForStatus(alice, name, 'Running');
  await expectNoBlockingViolations(alice, 'the Workspaces page');
});

test("each tab of a workspace's details page has no serious or critical violations", async () => {
  await alice.goto(FRAUD_TAB);
  await row(alice, name).getByRole('link', { name, exact: true }).click();
  await alice.getByRole('heading', { name, exact: true }).waitFor();
  await alice
    .getByRole('list', { name: 'Status timeline' })
    .getByText('Running', { exact: true })
    .first()
    .waitFor();
  await expectNoBlockingViolations(alice, 'the details page: Overview');
  await expectStatusAsText(alice.locator('header'), 'Running');

  await alice.getByRole('tab', { name: 'Logs' }).click();
  await alice.waitForURL(/tab=logs/);
  await alice
    .getByLabel('Log', { exact: true })
    .or(alice.getByText('The log is empty.'))
    .first()
    .waitFor();
  await expectNoBlockingViolations(alice, 'the details page: Logs');

  await alice.getByRole('tab', { name: 'Events' }).click();
  await alice
    .getByRole('cell', { name: 'Scheduled', exact: true })
    .first()
    .waitFor();
  await expectNoBlockingViolations(alice, 'the details page: Events');

  await alice.getByRole('tab', { name: 'Objects' }).click();
  await alice.waitForURL(/tab=objects/);
  await alice.getByText(/^Pod /).first().waitFor();
  await expectNoBlockingViolations(alice, 'the details page: Objects');
});

test('negative control: the check fires on an unlabelled button and an unlabelled input put into the page', async () => {
  await alice.goto(FRAUD_TAB);
  await row(alice, name).waitFor();
  // the same page passes the check before the broken elements are added
  assert.deepEqual(await findBlockingViolations(alice), []);
  await alice.evaluate(() => {
    const main = document.querySelector('main')!;
    const button = document.createElement('button');
    button.id = 'a11y-broken-button';
    button.innerHTML = '<svg width="16" height="16"></svg>';
    const input = document.createElement('input');
    input.id = 'a11y-broken-input';
    main.prepend(button, input);
  });
  const findings = await findBlockingViolations(alice);
  const rules = new Map(findings.map(f => [f.id, f]));
  assert.ok(rules.has('button-name'), `findings: ${[...rules.keys()]}`);
  assert.deepEqual(rules.get('button-name')!.targets, ['#a11y-broken-button']);
  assert.equal(rules.get('button-name')!.impact, 'critical');
  assert.ok(rules.has('label'), `findings: ${[...rules.keys()]}`);
  assert.deepEqual(rules.get('label')!.targets, ['#a11y-broken-input']);
  await assert.rejects(
    expectNoBlockingViolations(alice, 'the broken page'),
    /button-name \(critical\)[\s\S]*#a11y-broken-button[\s\S]*dequeuniversity/,
  );
});
