import { readdirSync, readFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join, resolve } from 'path';
import { writeDocSection } from './writeDocSection';

type PartFigures = {
  part: string;
  mode: string;
  at: string;
  figures: Record<string, string | number | boolean>;
};

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map(row => row[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    line(widths.map(width => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

/**
 * Writes the figures that the reliability suite left in
 * test-output/reliability/ (one JSON per part, see reportFigures) into
 * docs/reliability.md. Parts not measured since `since` fail the run, so the
 * document never mixes figures of different runs.
 */
function main(since: Date) {
  const repoRoot = resolve(__dirname, '..', '..');
  const dir = join(repoRoot, 'test-output', 'reliability');
  const parts: PartFigures[] = readdirSync(dir)
    .filter(name => name.endsWith('.json'))
    .map(name => JSON.parse(readFileSync(join(dir, name), 'utf8')));
  const stale = parts.filter(part => new Date(part.at) < since);
  if (stale.length > 0 || parts.length === 0) {
    throw new Error(
      `Not measured by this run: ${
        stale.map(part => part.part).join(', ') || 'every part'
      }`,
    );
  }
  const modes = [...new Set(parts.map(part => part.mode))].join(', ');
  const rows = parts.flatMap(part =>
    Object.entries(part.figures).map(([figure, value]) => [
      part.part,
      figure,
      typeof value === 'number' ? value.toLocaleString('en') : String(value),
    ]),
  );
  writeDocSection({
    path: join(repoRoot, 'docs', 'reliability.md'),
    repoRoot,
    name: 'reliability',
    writer: './scripts/reliability',
    written: ['docs/reliability.md'],
    date: new Date(),
    context: `${modes} mode, ${cpus().length} cores, ${Math.round(
      totalmem() / 2 ** 30,
    )} GiB, Node ${process.versions.node}`,
    body: markdownTable(['part', 'figure', 'measured'], rows),
  });
  // eslint-disable-next-line no-console
  console.log(
    `Wrote the figures of ${parts.length} parts to docs/reliability.md`,
  );
}

main(new Date(process.argv[2] ?? 0));
