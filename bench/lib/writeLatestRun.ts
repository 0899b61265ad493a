import { execSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';

const START = '<!-- latest-run:start (written by ./scripts/bench) -->';
const END = '<!-- latest-run:end -->';

/** The commit measured, and whether the working tree differed from it. */
function commitOf(repoRoot: string): string {
  const git = (args: string) =>
    execSync(`git ${args}`, { cwd: repoRoot, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse --short HEAD');
    // what the run itself writes does not count as a change
    const changed = git(
      "status --porcelain --untracked-files=no -- . ':!bench/results' ':!docs/benchmarks.md'",
    );
    return changed ? `${head} + changes` : head;
  } catch {
    return 'unknown commit';
  }
}

/**
 * Puts the run's figure table into the document between its markers, so that
 * docs/benchmarks.md shows what the latest `./scripts/bench` measured.
 */
export function writeLatestRun(
  path: string,
  repoRoot: string,
  run: { date: Date; machine: string; sizes: object; table: string },
): void {
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${path} has no ${START} ... ${END} markers`);
  }
  const section = [
    START,
    '',
    `Latest run: ${run.date.toISOString().slice(0, 10)}, commit ${commitOf(
      repoRoot,
    )}, ${run.machine}; sizes ${JSON.stringify(run.sizes)}.`,
    '',
    run.table,
    '',
    END,
  ].join('\n');
  writeFileSync(
    path,
    doc.slice(0, start) + section + doc.slice(end + END.length),
  );
}
