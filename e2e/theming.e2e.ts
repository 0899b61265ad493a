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
  screenshot,
  signIn,
} from './browser';

/*
 * The UI in Backstage's light and dark themes (issue 23): the Workspaces
 * tab, the create stepper with an environment chosen, and the details page,
 * screenshotted in both (test-output/e2e/theme-*.png). The UI takes its
 * colours from the theme, so the chosen card's border is each theme's
 * primary colour, and text stays readable on its background in both.
 */
const FRAUD_TAB = `${APP_URL}/catalog/default/system/fraud-detection/workspaces`;
const name = `theme-${Date.now().toString(36)}`;
const LEFT_OVER = /^theme-[a-z0-9]+$/;

let browser: Browser;
let alice: Page;

before(async () => {
  browser = await launchBrowser();
  alice = (await signIn(browser, 'Alice')).page;
  await alice.goto(FRAUD_TAB);
  await deleteWorkspacesNamed(alice, LEFT_OVER);
  await createWorkspaceInUi(alice, {
    name,
    environment: 'JupyterLab',
    preset: 'Small CPU',
  });
});

after(async () => {
  await alice?.evaluate(() => localStorage.removeItem('theme'));
  await alice?.goto(FRAUD_TAB);
  await deleteIfListed(alice, name);
  await browser?.close();
});

/** Backstage's theme switch (the settings page's) keeps the choice here. */
async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate(t => localStorage.setItem('theme', t), theme);
}

type Rgb = [number, number, number];

const parseRgb = (css: string): Rgb => {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g)!.map(Number);
  return [r, g, b];
};

/** WCAG relative luminance. */
const luminance = ([r, g, b]: Rgb) => {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};

const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** The first opaque background colour of the element or its ancestors. */
async function backgroundOf(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .evaluate(element => {
      for (let e: Element | null = element; e; e = e.parentElement) {
        const colour = getComputedStyle(e).backgroundColor;
        if (
          colour &&
          colour !== 'rgba(0, 0, 0, 0)' &&
          colour !== 'transparent'
        ) {
          return colour;
        }
      }
      return 'rgb(255, 255, 255)';
    });
}

/** What each theme shows: colours read from the rendered page. */
async function lookIn(theme: 'light' | 'dark') {
  await useTheme(alice, theme);
  await alice.goto(FRAUD_TAB);
  await row(alice, name).waitFor();
  const page = parseRgb(await backgroundOf(alice, 'main'));
  await screenshot(alice, `theme-${theme}-workspaces-tab`);

  await alice.getByRole('button', { name: 'Create workspace' }).click();
  const dialog = alice.getByRole('dialog');
  const card = dialog.getByRole('radio', { name: 'JupyterLab', exact: true });
  await card.click();
  await dialog.locator('[aria-checked="true"]').waitFor();
  // the Card around the chosen action area carries the border
  const chosen = dialog.locator('.MuiCard-root', {
    has: alice.locator('[aria-checked="true"]'),
  });
  const border = parseRgb(
    await chosen.evaluate(e => getComputedStyle(e).borderTopColor),
  );
  const title = chosen.locator('p').first();
  const text = parseRgb(await title.evaluate(e => getComputedStyle(e).color));
  const cardBackground = parseRgb(
    await chosen.evaluate(e => getComputedStyle(e).backgroundColor),
  );
  // in the title: the card's tool chips have icons of their own
  const checkMark = await title.locator('svg').count();
  await screenshot(alice, `theme-${theme}-create-stepper`);
  await alice.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await row(alice, name).getByRole('link', { name, exact: true }).click();
  await alice.getByRole('heading', { name, exact: true }).waitFor();
  await screenshot(alice, `theme-${theme}-details`, { fullPage: true });
  return { page, border, text, cardBackground, checkMark };
}

test('light and dark themes: the chosen card in the primary colour of each, with a check mark, and readable text', async () => {
  const light = await lookIn('light');
  const dark = await lookIn('dark');
  // the theme took effect: a dark page in the dark theme, a light one otherwise
  assert.ok(luminance(light.page) > 0.5, `light page ${light.page}`);
  assert.ok(luminance(dark.page) < 0.2, `dark page ${dark.page}`);
  // the border follows the theme (a hard-coded colour would be the same in both)
  assert.notDeepEqual(light.border, dark.border);
  // the choice is told by a check mark too, not by colour alone
  assert.equal(light.checkMark, 1);
  assert.equal(dark.checkMark, 1);
  for (const [theme, look] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    const ratio = contrast(look.text, look.cardBackground);
    assert.ok(
      ratio >= 4.5,
      `${theme}: card title contrast ${ratio.toFixed(2)}`,
    );
    // the border stands out from the card (WCAG's 3:1 for UI components)
    const edge = contrast(look.border, look.cardBackground);
    assert.ok(edge >= 3, `${theme}: chosen border contrast ${edge.toFixed(2)}`);
  }
});
