import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Browser, Page } from 'playwright-core';
import {
  APP_URL,
  createWorkspaceInUi,
  deleteWorkspacesNamed,
  launchBrowser,
  openTool,
  row,
  screenshot,
  signIn,
  waitForStatus,
} from './browser';
import { demoClusterClients } from './demoCluster';

/*
 * The real tools of a workspace, opened from the portal: kube-local runs
 * JupyterLab, TensorBoard and code-server as processes (its runtimes file),
 * and the portal's tool proxy carries them. Alice is in ml-team, which owns
 * fraud-detection (namespace ml-fraud); Bob is in vision-team.
 */
const PROJECT_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const NAMESPACE = 'ml-fraud';
const suffix = Date.now().toString(36);
const labName = `lab-${suffix}`;
const codeName = `code-${suffix}`;

let browser: Browser;
let alice: Page;
let labUrl: string;
let labLink: string;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  await alice.goto(PROJECT_TAB);
  await deleteWorkspacesNamed(alice, /^(lab|code)-[a-z0-9]+$/);
});

after(async () => {
  // what a failed test left of this run (the per-user quota counts it)
  await alice?.goto(PROJECT_TAB);
  for (const name of [labName, codeName]) {
    const action = row(alice, name).getByRole('button', { name: 'Delete' });
    if (await action.isVisible({ timeout: 5_000 }).catch(() => false)) {
      await action.click();
      await alice
        .getByRole('dialog')
        .getByRole('button', { name: `Delete ${name}` })
        .click();
    }
  }
  await browser?.close();
});

/** The host directory of a workspace's home volume (kube-local's volumes are real). */
async function homeVolumeDir(workspace: string): Promise<string> {
  const { core } = await demoClusterClients();
  const claim = await core.readNamespacedPersistentVolumeClaim({
    namespace: NAMESPACE,
    name: `ws-${workspace}-home`,
  });
  const volume = await core.readPersistentVolume({
    name: claim.spec!.volumeName!,
  });
  return volume.spec!.hostPath!.path;
}

/** Polls a check every 250 ms for up to 60 s. */
async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      // not there yet
    }
    if (ok) return;
    assert.ok(Date.now() < deadline, `gave up waiting: ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Waits for JupyterLab's UI in a page. */
async function jupyterLabReady(page: Page) {
  await page.locator('#jp-main-dock-panel').waitFor({ timeout: 60_000 });
  await page.locator('.jp-DirListing-content').waitFor();
}

/**
 * Waits until the open notebook's kernel is connected and idle, as its status
 * bar says (a cell run before that may be dropped by JupyterLab).
 */
async function kernelIdle(page: Page) {
  await page
    .locator('.jp-StatusBar-Widget', { hasText: /\(ipykernel\) \| Idle/ })
    .waitFor({ timeout: 60_000 });
}

test('Alice opens JupyterLab of a new workspace, runs print(6 * 7) in a notebook on the home volume and saves it', async () => {
  await alice.goto(PROJECT_TAB);
  await createWorkspaceInUi(alice, {
    name: labName,
    environment: 'JupyterLab + TensorBoard',
    preset: 'Small CPU',
    dataSources: [
      'Example notebooks at /home/jovyan/examples',
      'Scratch space at /scratch',
    ],
  });
  await waitForStatus(alice, labName, 'Running');

  const lab = await openTool(alice, labName, 'JupyterLab');
  labLink = lab.link;
  await jupyterLabReady(lab.page);
  labUrl = lab.page.url();
  await screenshot(lab.page, 'jupyterlab-opened');

  // into the home volume's folder, and a new notebook there
  await lab.page
    .locator('.jp-DirListing-itemText', { hasText: /^work$/ })
    .dblclick();
  await lab.page.locator('.jp-BreadCrumbs').getByText('work').waitFor();
  await lab.page
    .locator('.jp-LauncherCard[data-category="Notebook"]')
    .first()
    .click();
  await kernelIdle(lab.page);
  const cell = lab.page.locator('.jp-Notebook .jp-Cell .cm-content').first();
  await cell.click();
  await lab.page.keyboard.type('print(6 * 7)');
  await lab.page.keyboard.press('Shift+Enter');
  await lab.page
    .locator('.jp-OutputArea-output', { hasText: /^42\s*$/ })
    .waitFor({ timeout: 60_000 });
  await lab.page
    .locator('.jp-NotebookPanel-toolbar')
    .getByTitle(/^Save/)
    .first()
    .click();
  // JupyterLab asks for a name on the first save
  const dialog = lab.page.locator('.jp-Dialog');
  await dialog.locator('input').first().fill('answer.ipynb');
  await screenshot(lab.page, 'jupyterlab-notebook');
  await dialog.getByRole('button', { name: 'Rename and Save' }).click();

  // saved on disk, in the volume, with its output
  const file = join(await homeVolumeDir(labName), 'answer.ipynb');
  await eventually('the notebook saved with its output', () => {
    const outputs = JSON.parse(readFileSync(file, 'utf8')).cells?.[0]?.outputs;
    return /42/.test(JSON.stringify(outputs ?? []));
  });
  await lab.page.close();
});

test('TensorBoard shows the loss curve that the example notebook (cloned from git on loopback) writes', async () => {
  const lab = await openTool(alice, labName, 'JupyterLab');
  await jupyterLabReady(lab.page);
  await lab.page.goto(
    `${labUrl.replace(/\/lab.*$/, '')}/lab/tree/examples/training-curves.ipynb`,
  );
  await kernelIdle(lab.page);
  await lab.page.locator('.jp-Notebook .jp-Cell').nth(1).click();
  await lab.page.keyboard.press('Shift+Enter');
  await lab.page
    .locator('.jp-OutputArea-output', { hasText: 'wrote 50 steps' })
    .waitFor({ timeout: 60_000 });
  await lab.page.close();

  const board = await openTool(alice, labName, 'TensorBoard');
  // TensorBoard reads its log directory every few seconds; its page shows a
  // new run after a reload (as a user would press TensorBoard's reload)
  await eventually('TensorBoard to show the run', async () => {
    await board.page.reload();
    return board.page
      .getByText('example-run')
      .first()
      .waitFor({ timeout: 10_000 })
      .then(() => true);
  });
  await board.page.getByText('loss').first().waitFor();
  await screenshot(board.page, 'tensorboard');
  await board.page.close();
});

test('Bob, of another team, gets no tool page from Alice’s JupyterLab address or her used link', async () => {
  const bob = await signIn(browser, 'Bob');
  for (const url of [labUrl, labLink]) {
    const response = await bob.page.goto(url);
    assert.equal(response?.status(), 401, url);
    assert.equal(await bob.page.locator('#jp-main-dock-panel').count(), 0);
  }
  await bob.context.close();
});

test('after a stop and a start, the notebook is there with its output', async () => {
  await alice.bringToFront();
  await alice.goto(PROJECT_TAB);
  await row(alice, labName).getByRole('button', { name: 'Stop' }).click();
  await waitForStatus(alice, labName, 'Stopped');
  await row(alice, labName).getByRole('button', { name: 'Start' }).click();
  await waitForStatus(alice, labName, 'Running');

  const lab = await openTool(alice, labName, 'JupyterLab');
  await jupyterLabReady(lab.page);
  await lab.page.goto(
    `${labUrl.replace(/\/lab.*$/, '')}/lab/tree/work/answer.ipynb`,
  );
  await lab.page
    .locator('.jp-OutputArea-output', { hasText: /^42\s*$/ })
    .waitFor({ timeout: 60_000 });
  await screenshot(lab.page, 'jupyterlab-after-restart');
  await lab.page.close();
});

test('VS Code: Alice opens a file of the home volume, types and saves, and the file on the volume has it', async () => {
  await alice.goto(PROJECT_TAB);
  await createWorkspaceInUi(alice, {
    name: codeName,
    environment: 'VS Code',
    preset: 'Small CPU',
  });
  await waitForStatus(alice, codeName, 'Running');
  const dir = await homeVolumeDir(codeName);
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'written before\n');
  chmodSync(file, 0o666); // the container's user may write it

  const code = await openTool(alice, codeName, 'VS Code');
  await code.page.goto(
    `${code.page.url().split('?')[0]}?folder=/home/jovyan/work`,
  );
  await code.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const trust = code.page.getByRole('button', {
    name: /Yes, I trust the authors/,
  });
  if (await trust.isVisible({ timeout: 10_000 }).catch(() => false)) {
    await trust.click();
  }
  await code.page.getByRole('treeitem', { name: /notes\.txt/ }).click();
  const editor = code.page.locator('.monaco-editor .view-lines').first();
  await editor.click();
  await code.page.keyboard.press('Control+End');
  await code.page.keyboard.type('typed in VS Code');
  await code.page.keyboard.press('Control+s');
  await screenshot(code.page, 'vscode');
  await eventually('notes.txt saved with what was typed', () =>
    readFileSync(file, 'utf8').includes('typed in VS Code'),
  );
  await code.page.close();
});

test('deleting the workspaces removes their volumes’ directories from disk', async () => {
  const dirs = [await homeVolumeDir(labName), await homeVolumeDir(codeName)];
  await alice.goto(PROJECT_TAB);
  for (const name of [labName, codeName]) {
    await row(alice, name).getByRole('button', { name: 'Delete' }).click();
    const dialog = alice.getByRole('dialog');
    await dialog.getByRole('button', { name: `Delete ${name}` }).click();
    await row(alice, name).waitFor({ state: 'detached', timeout: 90_000 });
  }
  await eventually('the volumes’ directories removed', () =>
    dirs.every(d => !existsSync(d)),
  );
});
