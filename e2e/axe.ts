import type { AxeResults, Result } from 'axe-core';
import { source as axeSource } from 'axe-core';
import { Page } from 'playwright-core';

/**
 * Accessibility checks with axe-core in the page (issue 23 item 7): axe's
 * source is injected into the page, run on the whole document,
 * and what it finds at the impacts that block users is reported with rule,
 * impact, the elements' selectors and where the rule is explained.
 */

/** The impacts that fail a check. */
export const BLOCKING_IMPACTS = ['serious', 'critical'] as const;

/** One finding, in a form that prints on a line or two. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
  /** What axe says is wrong at the first element, e.g. the colours of a contrast failure. */
  summary?: string;
}

function findingOf(result: Result): AxeFinding {
  return {
    id: result.id,
    impact: result.impact ?? 'unknown',
    help: result.help,
    helpUrl: result.helpUrl,
    targets: result.nodes.map(node => node.target.join(' ')),
    summary: result.nodes[0]?.failureSummary,
  };
}

/**
 * Findings in Backstage's own shell that our code cannot fix, each left out
 * for one rule on the elements of one selector only.
 */
export const SHELL_EXCEPTIONS: Array<{ rule: string; selector: string }> = [
  // NotificationsSidebarItem of @backstage/plugin-notifications: its unread
  // count is visible text next to an aria-label of "Notifications" only
  // (the component takes no label); seen once the demo user has notices
  { rule: 'label-content-name-mismatch', selector: 'a[href="/notifications"]' },
];

/**
 * Runs axe on the whole page (the portal's shell included, but for
 * SHELL_EXCEPTIONS); resolves to the serious and critical findings.
 */
export async function findBlockingViolations(
  page: Page,
): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(
    () => typeof (window as { axe?: unknown }).axe !== 'undefined',
  );
  if (!loaded) await page.addScriptTag({ content: axeSource });
  // no named functions in here: the test transform would wrap them in a
  // helper the page does not have
  const results: AxeResults = await page.evaluate(async exceptions => {
    const found = await (
      window as unknown as { axe: typeof import('axe-core') }
    ).axe.run(document, { resultTypes: ['violations'] });
    for (const violation of found.violations) {
      violation.nodes = violation.nodes.filter(
        node =>
          !exceptions.some(
            e =>
              e.rule === violation.id &&
              document
                .querySelector(String(node.target[0]))
                ?.matches(e.selector),
          ),
      );
    }
    found.violations = found.violations.filter(v => v.nodes.length > 0);
    return found;
  }, SHELL_EXCEPTIONS);
  return results.violations
    .filter(v => (BLOCKING_IMPACTS as readonly string[]).includes(v.impact!))
    .map(findingOf);
}

/** The findings as a readable report, one rule per paragraph. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map(
      f =>
        `${f.id} (${f.impact}): ${f.help}\n  ${f.helpUrl}\n${f.targets
          .map(t => `    - ${t}`)
          .join('\n')}${
          f.summary ? `\n  ${f.summary.replace(/\n/g, '\n  ')}` : ''
        }`,
    )
    .join('\n');
}

/** Fails, listing them, if axe finds serious or critical violations. */
export async function expectNoBlockingViolations(
  page: Page,
  where: string,
): Promise<void> {
  const findings = await findBlockingViolations(page);
  if (findings.length > 0) {
    throw new Error(
      `axe: ${
        findings.length
      } serious or critical violation(s) on ${where}:\n${describeFindings(
        findings,
      )}`,
    );
  }
}
