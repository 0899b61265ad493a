import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteIfListed,
  deleteWorkspacesNamed,
  launchBrowser,
  openTool,
  row,
  screenshot,
  signIn,
  STATUS_TIMEOUT_MS,
  waitForStatus,
} from './browser';

/*
 * Seeing why, on the demo with real processes: a tool that exits at start
 * (the demo's "Broken start" environment: JupyterLab told to serve a folder
 * that does not exist), the Logs tab of a running JupyterLab, and a
 * workspace asking for more GPUs than any node has (the LLM playground's
 * quota allows 128, the local cluster's GPU node has 4). Alice is in
 * ml-team, which owns fraud-detection and is a member of llm-playground.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const PLAYGROUND_TAB = `${APP_URL}/catalog/default/system/llm-playground/workspaces`;
const suffix = Date.now().toString(36);
const brokenName = `why-crash-${suffix}`;
const labName = `why-logs-${suffix}`;
const gpuName = `why-gpus-${suffix}`;
const LEFT_OVER = /^why-(crash|logs|gpus)-[a-z0-9]+$/;

let browser: Browser;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  // what an interrupted earlier run left (the per-user quota counts it)
  for (const tab of [FRAUD_TAB, PLAYGROUND_TAB]) {
    await alice.goto(tab);
    await deleteWorkspacesNamed(alice, LEFT_OVER);
  }
});

after(async () => {
  for (const [tab, name] of [
    [FRAUD_TAB, brokenName],
    [FRAUD_TAB, labName],
    [PLAYGROUND_TAB, gpuName],
  ]) {
    await alice?.goto(tab);
    await deleteIfListed(alice, name);
  }
  await browser?.close();
});

/** Opens a workspace's details page from its row. */
async function openDetails(page: Page, name: string) {
  await row(page, name).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** The explanation panel at the top of the Overview tab. */
const panel = (page: Page) => page.getByLabel('Why this status');

test("a tool that exits at start: CrashLoopBackOff, and the panel shows the container's last log line", async () => {
  await alice.goto(FRAUD_TAB);
  await createWorkspaceInUi(alice, {
    name: brokenName,
    environment: 'Broken start (explanation demo)',
    preset: 'Small CPU',
  });
  await waitForStatus(alice, brokenName, 'Failed');
  await openDetails(alice, brokenName);

  const why = panel(alice);
  await why.waitFor({ timeout: STATUS_TIMEOUT_MS });
  assert.equal(await why.getAttribute('data-reason'), 'CrashLoopBackOff');
  await why.getByText("The workspace's tool keeps crashing").waitFor();
  await why
    .getByText(/exit code 1/)
    .first()
    .waitFor();
  // JupyterLab's own last words, kept after its pod was removed
  const log = why.getByLabel('Last log lines');
  await log
    .getByText(/No such directory: ''\/home\/jovyan\/no-such-folder''/)
    .waitFor();
  assert.match(
    await log.innerText(),
    /Bad config encountered during initialization/,
  );
  await screenshot(alice, 'explanation-crash', { fullPage: true });

  // the timeline shows the kubelet's BackOff under the Failed change
  const timeline = alice.getByRole('list', { name: 'Status timeline' });
  await timeline.getByLabel('Kubernetes event BackOff').first().waitFor();

  await why.getByRole('link', { name: 'Open the Logs tab' }).click();
  await alice.waitForURL(/[?&]tab=logs/);
  assert.equal(
    await alice
      .getByRole('tab', { name: 'Logs' })
      .getAttribute('aria-selected'),
    'true',
  );
});

test('the creator of the crashed workspace is notified, with the reason and a link to its details page', async () => {
  await alice.goto(`${APP_URL}/notifications`);
  const title = `Workspace ${brokenName} failed`;
  const notice = alice.getByRole('link', { name: title });
  await notice.waitFor({ timeout: STATUS_TIMEOUT_MS });
  // the reason is in the same notice (a long one is cut until asked)
  const item = alice.locator('tr', { has: notice });
  const more = item.getByRole('button', { name: 'Show more' });
  if (await more.isVisible()) {
    await more.click();
  }
  await item.getByText(/^CrashLoopBackOff: .*exit code 1/).waitFor();
  await notice.click();
  await alice.getByRole('heading', { name: brokenName, exact: true }).waitFor();
  await panel(alice).waitFor();
});

test('the Logs tab of a running JupyterLab shows its start-up lines and follows a new one', async () => {
  await alice.goto(FRAUD_TAB);
  await createWorkspaceInUi(alice, {
    name: labName,
    environment: 'JupyterLab',
    preset: 'Small CPU',
  });
  await waitForStatus(alice, labName, 'Running');
  const lab = await openTool(alice, labName, 'JupyterLab');
  // a Running workspace has no explanation panel
  await openDetails(alice, labName);
  await alice.getByRole('list', { name: 'Status timeline' }).waitFor();
  assert.equal(await panel(alice).count(), 0);

  await alice.getByRole('tab', { name: 'Logs' }).click();
  const log = alice.getByLabel('Log', { exact: true });
  await log
    .getByText(/Jupyter Server [\d.]+ is running at/)
    .first()
    .waitFor({ timeout: 60_000 });
  await alice.getByLabel('Follow').check();
  // the followed log starts with the lines so far
  await log
    .getByText(/Jupyter Server [\d.]+ is running at/)
    .first()
    .waitFor({ timeout: 60_000 });

  // JupyterLab logs every 404 it answers: ask it for a file that isn't there
  const marker = `follow-marker-${suffix}`;
  await lab.page.locator('#jupyter-config-data').waitFor({ state: 'attached' });
  const missing = await lab.page.evaluate(async name => {
    const config = JSON.parse(
      document.getElementById('jupyter-config-data')!.textContent!,
    );
    return (await fetch(`${config.baseUrl}api/contents/${name}`)).status;
  }, marker);
  assert.equal(missing, 404);
  // followed: the line arrives without reloading the page
  await log.getByText(new RegExp(marker)).first().waitFor({ timeout: 30_000 });
  await screenshot(alice, 'logs-follow');
  await lab.page.close();
});

test('a 100-GPU override: Unschedulable, and the panel names the missing GPUs', async () => {
  await alice.goto(PLAYGROUND_TAB);
  await alice.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = alice.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'JupyterLab', exact: true }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('radio', { name: 'Multi-GPU' }).click();
  await dialog.getByLabel('GPUs', { exact: true }).fill('100');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel(/^Name/).fill(gpuName);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
  await waitForStatus(alice, gpuName, 'Pending');
  await openDetails(alice, gpuName);

  const why = panel(alice);
  await why.waitFor({ timeout: STATUS_TIMEOUT_MS });
  assert.equal(await why.getAttribute('data-reason'), 'Unschedulable');
  await why.getByText('Not enough GPUs to start the workspace').waitFor();
  await why.getByText('GPUs (nvidia.com/gpu)').waitFor();
  await why
    .getByText(/^asked 100; \d+ free in .*; the cluster is short/)
    .waitFor();
  await screenshot(alice, 'explanation-unschedulable', { fullPage: true });
  // the scheduler's FailedScheduling under the Pending change
  await alice
    .getByRole('list', { name: 'Status timeline' })
    .getByLabel('Kubernetes event FailedScheduling')
    .first()
    .waitFor();
});
