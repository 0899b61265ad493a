import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, Locator, Page } from 'playwright-core';
import {
  APP_URL,
  deleteIfListed,
  deleteWorkspacesNamed,
  launchBrowser,
  openTool,
  row,
  screenshot,
  signIn,
  waitForStatus,
} from './browser';

/*
 * The keyboard alone (issue 23 item 7): from a project's Workspaces tab, a
 * workspace is created through the stepper, stopped, started again and its
 * JupyterLab opened, with Tab, Shift+Tab, Enter, Space, the arrow keys and
 * typing only: no mouse, no element.click(). Wherever focus moves, it is
 * visible: the focused control looks different from the same control
 * unfocused.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const name = `keys-${Date.now().toString(36)}`;
const LEFT_OVER = /^keys-[a-z0-9]+$/;
/** More than the portal's sidebar, header and a grid of workspaces hold. */
const MAX_TABS = 200;

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
  await deleteIfListed(alice, name);
  await browser?.close();
});

const isFocused = (target: Locator) =>
  target.evaluate(element => element === document.activeElement);

/**
 * Whether focus arrives on the target within a few seconds: a closing dialog
 * or a re-rendered row hands focus back after its own update, later on a
 * busy machine. The locator is resolved again on each look, because the
 * control may be mounted anew meanwhile (Create workspace moves from the
 * empty state into the grid as the first workspace appears), and focus on
 * the new one is what the user gets.
 */
async function focusArrives(page: Page, target: Locator): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    // a control being replaced may be absent or doubled for a moment
    const focused = await target
      .evaluate(element => element === document.activeElement, undefined, {
        timeout: 1_000,
      })
      .catch(() => false);
    if (focused) return true;
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(100);
  }
}

/** What has focus, for messages. */
const describeFocus = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'nothing (the body)';
    const label = e.getAttribute('aria-label') ?? e.textContent?.trim();
    return `<${e.tagName.toLowerCase()}> ${label?.slice(0, 60)}`;
  });

/** The control and a little around it, where a focus ring is drawn. */
async function around(page: Page, target: Locator): Promise<Buffer> {
  const box = (await target.boundingBox())!;
  return page.screenshot({
    clip: {
      x: Math.max(0, box.x - 3),
      y: Math.max(0, box.y - 3),
      width: box.width + 6,
      height: box.height + 6,
    },
    animations: 'disabled',
    caret: 'hide',
  });
}

/**
 * Asserts that the focused control shows it: it matches :focus-visible and
 * looks different once focus has moved away (Shift+Tab) than it does
 * focused; then Tab brings focus back to it.
 */
async function expectFocusVisible(page: Page, target: Locator, what: string) {
  assert.equal(
    await target.evaluate(element => element.matches(':focus-visible')),
    true,
    `${what} has focus but not :focus-visible`,
  );
  const focused = await around(page, target);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await isFocused(target), false, `Shift+Tab left ${what}`);
  const unfocused = await around(page, target);
  await page.keyboard.press('Tab');
  assert.equal(
    await isFocused(target),
    true,
    `Tab after Shift+Tab came back to ${what}, not to ${await describeFocus(
      page,
    )}`,
  );
  assert.equal(
    focused.equals(unfocused),
    false,
    `${what} looks the same focused and unfocused: no visible focus`,
  );
}

/**
 * Presses Tab (or Shift+Tab) until the target has focus, then checks that
 * the focus shows. Fails if it is not reached within MAX_TABS presses.
 */
async function tabTo(
  page: Page,
  target: Locator,
  what: string,
  options: { backwards?: boolean } = {},
): Promise<number> {
  await target.waitFor();
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses <= MAX_TABS; presses++) {
    if (await isFocused(target)) {
      await expectFocusVisible(page, target, what);
      return presses;
    }
    await page.keyboard.press(key);
  }
  throw new Error(
    `${what} was not reached with ${MAX_TABS} × ${key}; focus is on ${await describeFocus(
      page,
    )}`,
  );
}

/**
 * Waits until focus is in the stepper's modal: MUI's focus trap focuses the
 * dialog's container, round the dialog, and Tab moves inside it.
 */
async function expectFocusInDialog(page: Page) {
  await page
    .waitForFunction(
      () => {
        const dialog = document.querySelector('[role="dialog"]');
        const focused = document.activeElement;
        return (
          dialog &&
          focused &&
          (dialog.contains(focused) || focused.contains(dialog))
        );
      },
      undefined,
      { timeout: 10_000 },
    )
    .catch(async () => {
      throw new Error(
        `focus did not move into the stepper; it is on ${await describeFocus(
          page,
        )}`,
      );
    });
}

test('a workspace is created from the project tab through the stepper with the keyboard alone', async () => {
  await alice.goto(FRAUD_TAB);
  const create = alice.getByRole('button', { name: 'Create workspace' });
  await tabTo(alice, create, 'Create workspace');
  await alice.keyboard.press('Enter');

  const dialog = alice.getByRole('dialog');
  await dialog.waitFor();
  await expectFocusInDialog(alice);

  // Environment: the cards are a radio group; arrows move the choice
  const jupyterlab = dialog.getByRole('radio', {
    name: 'JupyterLab',
    exact: true,
  });
  await tabTo(alice, jupyterlab, 'the JupyterLab card');
  await alice.keyboard.press('ArrowRight');
  const second = dialog.getByRole('radio').nth(1);
  assert.equal(
    await isFocused(second),
    true,
    'ArrowRight moved to the next card',
  );
  assert.equal(await second.getAttribute('aria-checked'), 'true');
  await alice.keyboard.press('ArrowLeft');
  assert.equal(await isFocused(jupyterlab), true, 'ArrowLeft moved back');
  assert.equal(await jupyterlab.getAttribute('aria-checked'), 'true');
  await alice.keyboard.press('Space');
  assert.equal(await jupyterlab.getAttribute('aria-checked'), 'true');
  // the group is one tab stop: Tab leaves it, Shift+Tab comes back to the chosen card
  await alice.keyboard.press('Tab');
  const inGroup = await dialog
    .getByRole('radiogroup', { name: 'Environment' })
    .evaluate(group => group.contains(document.activeElement));
  assert.equal(inGroup, false, 'Tab left the group of environments');
  await alice.keyboard.press('Shift+Tab');
  assert.equal(await isFocused(jupyterlab), true, 'Shift+Tab came back to it');

  const next = dialog.getByRole('button', { name: 'Next' });
  await tabTo(alice, next, 'Next (environment)');
  await alice.keyboard.press('Enter');

  // Compute: back from Next to the presets, choose Small CPU with Space
  const small = dialog.getByRole('radio', { name: 'Small CPU' });
  await tabTo(alice, small, 'the Small CPU card', { backwards: true });
  await alice.keyboard.press('Space');
  assert.equal(await small.getAttribute('aria-checked'), 'true');
  await tabTo(alice, next, 'Next (compute)');
  await alice.keyboard.press('Enter');

  // Data: the default volume stays ticked
  const volume = dialog.getByRole('checkbox').first();
  await tabTo(alice, volume, 'the first data source', { backwards: true });
  assert.equal(await volume.isChecked(), true);
  await tabTo(alice, next, 'Next (data)');
  await alice.keyboard.press('Enter');

  // Name: typed over the suggestion
  const nameField = dialog.getByLabel(/^Name/);
  await tabTo(alice, nameField, 'the name field', { backwards: true });
  await alice.keyboard.press('ControlOrMeta+A');
  await alice.keyboard.type(name);
  assert.equal(await nameField.inputValue(), name);
  const submit = dialog.getByRole('button', { name: 'Create' });
  await tabTo(alice, submit, 'Create');
  await alice.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });

  // focus goes back where the stepper was opened from
  assert.equal(
    await focusArrives(alice, create),
    true,
    `focus back on Create workspace, not on ${await describeFocus(alice)}`,
  );
  await waitForStatus(alice, name, 'Running').catch(async error => {
    await screenshot(alice, 'keyboard-created');
    const rows = await alice
      .locator('tr')
      .evaluateAll(els =>
        els.map(e => (e as HTMLElement).innerText.replace(/\s+/g, ' ')),
      );
    throw new Error(`${error.message}\nrows: ${JSON.stringify(rows)}`);
  });
});

test('the workspace is stopped and started again with the keyboard alone', async () => {
  const stop = row(alice, name).getByRole('button', { name: 'Stop' });
  await tabTo(alice, stop, `Stop ${name}`);
  await alice.keyboard.press('Enter');
  await waitForStatus(alice, name, 'Stopped');

  const start = row(alice, name).getByRole('button', { name: 'Start' });
  // focus stays in the row: Start is where Stop was
  assert.equal(
    await focusArrives(alice, start),
    true,
    `after Stop, focus is on ${await describeFocus(alice)}`,
  );
  await expectFocusVisible(alice, start, `Start ${name}`);
  await alice.keyboard.press('Enter');
  await waitForStatus(alice, name, 'Running');
});

test("the workspace's JupyterLab is opened with the keyboard alone", async () => {
  const open = row(alice, name).getByRole('button', {
    name: 'Open JupyterLab',
  });
  // before Stop in the row
  await tabTo(alice, open, `Open JupyterLab of ${name}`, { backwards: true });
  const tool = await openTool(alice, name, 'JupyterLab', async () => {
    await alice.keyboard.press('Enter');
  });
  assert.match(new URL(tool.page.url()).hostname, /^jupyterlab--/);
  await tool.page.close();
});
