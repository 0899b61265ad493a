import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteIfListed,
  deleteWorkspacesNamed,
  launchBrowser,
  row,
  signIn,
} from './browser';

/*
 * Duplicate a workspace (issue 21): from the row of a workspace on the
 * project's tab, the create stepper opens with its environment, compute
 * and data filled in and a free name; the copy is created with new volumes.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const original = `dup-${Date.now().toString(36)}`;
const copy = `${original}-copy`;
const LEFT_OVER = /^dup-[a-z0-9]+(-copy)?$/;

let browser: Browser;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  await alice.goto(FRAUD_TAB);
  await deleteWorkspacesNamed(alice, LEFT_OVER);
});

after(async () => {
  await alice?.goto(FRAUD_TAB);
  for (const name of [copy, original]) await deleteIfListed(alice, name);
  await browser?.close();
});

test('Duplicate opens the stepper filled in from the workspace, with a free name, and creates the copy', async () => {
  await alice.goto(FRAUD_TAB);
  await createWorkspaceInUi(alice, {
    name: original,
    environment: 'VS Code',
    preset: 'Large CPU',
  });
  await row(alice, original).getByRole('button', { name: 'Duplicate' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByText(`Duplicate ${original}`).waitFor();
  // the original's choices are the stepper's
  const vscode = dialog.getByRole('radio', { name: 'VS Code', exact: true });
  assert.equal(await vscode.getAttribute('aria-checked'), 'true');
  await dialog.getByRole('button', { name: 'Next' }).click();
  const large = dialog.getByRole('radio', { name: 'Large CPU' });
  assert.equal(await large.getAttribute('aria-checked'), 'true');
  await dialog.getByRole('button', { name: 'Next' }).click();
  // the data step says the copy's volumes are its own
  await dialog.getByText('The copy gets new volumes of its own').waitFor();
  await dialog
    .getByText(/a new, empty volume/)
    .first()
    .waitFor();
  await dialog.getByRole('button', { name: 'Next' }).click();
  assert.equal(await dialog.getByLabel(/^Name/).inputValue(), copy);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row(alice, copy).waitFor();
  // both rows: the copy did not replace the original
  await row(alice, original).waitFor();
  assert.match((await row(alice, copy).innerText()) ?? '', /VS Code/);
});
