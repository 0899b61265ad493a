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
 * Runs axe on the whole page (the portal's shell included: nothing needed
 * leaving out so far); resolves to the serious and critical findings.
 */
export async function findBlockingViolations(
  page: Page,
): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(
    () => typeof (window as { axe?: unknown }).axe !== 'undefined',
  );
  if (!loaded) await page.addScriptTag({ content: axeSource });
  const results: AxeResults = await page.evaluate(() =>
    (window as unknown as { axe: typeof import('axe-core') }).axe.run(
      document,
      { resultTypes: ['violations'] },
    ),
  );
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
