/** One line of the results table. */
export interface Figure {
  figure: string;
  value: number;
  floor: number;
  unit: string;
  target: string;
  met: boolean;
}

const format = (n: number, unit: string) =>
  Number.isFinite(n)
    ? `${n >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(2)} ${unit}`
    : 'n/a';

export const ratio = (f: Pick<Figure, 'value' | 'floor'>) =>
  f.floor > 0 ? f.value / f.floor : NaN;

/** The table, as printed and as in the README (Markdown). */
export function figureTable(figures: Figure[]): string {
  return markdownTable([
    ['figure', 'value', 'floor', 'ratio', 'target', 'met'],
    ...figures.map(f => [
      f.figure,
      format(f.value, f.unit),
      format(f.floor, f.unit),
      Number.isFinite(ratio(f)) ? `${ratio(f).toFixed(2)}x` : '-',
      f.target,
      f.met ? 'yes' : 'NO',
    ]),
  ]);
}

/** Rows (the first is the header) as a Markdown table with aligned columns. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
