import { execSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';

/**
 * The commit measured, and whether the working tree differed from it: ask
 * when the run starts, since commits may land while a long run goes on.
 */
export function commitOf(repoRoot: string, written: string[]): string {
  const git = (args: string) =>
    execSync(`git ${args}`, { cwd: repoRoot, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse --short HEAD');
    // what the run itself writes does not count as a change
    const excluded = written.map(path => `':!${path}'`).join(' ');
    const changed = git(
      `status --porcelain --untracked-files=no -- . ${excluded}`,
    );
    return changed ? `${head} + changes` : head;
  } catch {
    return 'unknown commit';
  }
}

/**
 * Puts a run's figures into a document between its markers
 * (`<!-- <name>:start (written by <writer>) -->` and `<!-- <name>:end -->`),
 * so that the document shows what the latest run of the command measured.
 */
export function writeDocSection(options: {
  path: string;
  repoRoot: string;
  name: string;
  /** The command that writes the section, named in its start marker. */
  writer: string;
  /** Paths the run writes, not counted as changes of the commit measured. */
  written: string[];
  date: Date;
  /** The commit measured (commitOf when the run began); HEAD now if not given. */
  commit?: string;
  /** e.g. the machine and the sizes of the run. */
  context: string;
  body: string;
}): void {
  const start = `<!-- ${options.name}:start (written by ${options.writer}) -->`;
  const end = `<!-- ${options.name}:end -->`;
  const doc = readFileSync(options.path, 'utf8');
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`${options.path} has no ${start} ... ${end} markers`);
  }
  const section = [
    start,
    '',
    `Latest run: ${options.date.toISOString().slice(0, 10)}, commit ${
      options.commit ?? commitOf(options.repoRoot, options.written)
    }, ${options.context}.`,
    '',
    options.body,
    '',
    end,
  ].join('\n');
  writeFileSync(
    options.path,
    doc.slice(0, from) + section + doc.slice(to + end.length),
  );
}
