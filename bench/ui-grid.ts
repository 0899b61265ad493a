/*
 * UI: time from navigating to /workspaces to the grid rendered with all N of
 * the user's workspaces (loaded in pages of 200, the first 50 rows shown,
 * "of N" in the pager), in headless Chromium against the production build,
 * next to the floor: the same page for a user with no workspace ("No
 * workspaces yet"). Median of a few navigations after a warm-up one.
 */
import { Browser } from 'playwright-core';
import { median } from './lib/stats';

const NAVIGATIONS = 5;

async function timeToRendered(
  browser: Browser,
  user: 'Alice' | 'Bob',
  url: string,
  workspaces: number,
): Promise<number[]> {
  const { signIn } = await import('../e2e/browser');
  const { context, page } = await signIn(browser, user);
  const times: number[] = [];
  try {
    for (let i = 0; i <= NAVIGATIONS; i++) {
      await page.goto(url, { waitUntil: 'commit' });
      // performance.now() counts from the navigation's start
      const handle = await page.waitForFunction(
        (n: number) => {
          const text = document.body?.innerText ?? '';
          const rendered =
            n === 0
              ? text.includes('No workspaces yet')
              : document.querySelectorAll('[data-status]').length >=
                  Math.min(n, 50) &&
                (n <= 50 || new RegExp(`of ${n}\\b`).test(text));
          return rendered ? performance.now() : false;
        },
        workspaces,
        { polling: 'raf', timeout: 120_000 },
      );
      const ms = (await handle.jsonValue()) as number;
      if (i > 0) times.push(ms); // the first one warms the caches
    }
  } finally {
    await context.close();
  }
  return times;
}

export async function measureUiGrid(appUrl: string, workspaces: number) {
  // the e2e helpers sign in at E2E_APP_URL, read when they load
  process.env.E2E_APP_URL = appUrl;
  const { launchBrowser } = await import('../e2e/browser');
  const browser = await launchBrowser();
  try {
    const url = `${appUrl}/workspaces`;
    const full = await timeToRendered(browser, 'Alice', url, workspaces);
    const empty = await timeToRendered(browser, 'Bob', url, 0);
    return {
      workspaces,
      fullMs: median(full),
      emptyMs: median(empty),
      full,
      empty,
    };
  } finally {
    await browser.close();
  }
}
