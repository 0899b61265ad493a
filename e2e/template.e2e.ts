import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  deleteWorkspace,
  launchBrowser,
  row,
  screenshot,
  signIn,
  STATUS_TIMEOUT_MS,
} from './browser';

const name = `tpl-${Date.now().toString(36)}`;

let browser: Browser;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
});

after(async () => {
  await browser?.close();
});

test('Alice runs the template "New ML experiment workspace" and gets a Running workspace', async () => {
  await alice.goto(`${APP_URL}/create`);
  await alice
    .getByRole('article')
    .filter({ hasText: 'New ML experiment workspace' })
    .getByRole('button', { name: 'Choose' })
    .click();

  await alice.getByLabel(/^Project/).click();
  await alice.getByRole('option', { name: 'Fraud detection' }).click();
  await alice.getByRole('textbox', { name: /^Workspace name/ }).fill(name);
  await alice.getByRole('button', { name: 'Next' }).click();

  // the project's building blocks, listed by the WorkspaceBuildingBlockPicker field
  await alice.getByLabel(/^Environment/).click();
  await alice
    .getByRole('option', { name: /^JupyterLab/ })
    .first()
    .click();
  await alice.getByLabel(/^Compute preset/).click();
  await alice.getByRole('option', { name: /^Small CPU/ }).click();
  await screenshot(alice, 'template-form');
  await alice.getByRole('button', { name: 'Review' }).click();
  await alice.getByRole('button', { name: 'Create' }).click();

  // the template's output, once the action saw the workspace Running
  await alice
    .getByTestId('text-output-box')
    .getByText(`Workspace ${name} is`)
    .waitFor({ timeout: STATUS_TIMEOUT_MS + 30_000 });
  await alice
    .getByTestId('text-output-box')
    .getByText('Running', { exact: true })
    .waitFor();
  await screenshot(alice, 'template-done');
});

test('the workspace the template made is in the project, and can be deleted', async () => {
  await alice.goto(
    `${APP_URL}/catalog/default/system/fraud-detection/workspaces`,
  );
  await row(alice, name).locator('[data-status="Running"]').waitFor();
  await deleteWorkspace(alice, name);
});
