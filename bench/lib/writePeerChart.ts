import { writeFileSync } from 'fs';

/** One N of the side-by-side figures (bench/jupyterhub.ts), in ms. */
export interface PeerChartRow {
  size: number;
  start: { ours: number; hub: number; floor: number };
  stop: { ours: number; hub: number; floor: number };
}

const W = 900;
const H = 340;
const colors = { ours: '#1f77b4', hub: '#f37726', floor: '#999999' };
const labels = {
  ours: 'Workspaces',
  hub: 'JupyterHub + KubeSpawner',
  floor: 'bare pods (floor)',
};
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x: number, y: number, s: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;

/** A round upper bound for an axis. */
function niceMax(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 1e-9)));
  return [1, 2, 5, 10].map(m => m * step).find(m => m >= value)!;
}

/** Grouped bars, one group per N: ours, the hub's, the floor, in seconds. */
function panel(
  title: string,
  rows: PeerChartRow[],
  pick: (row: PeerChartRow) => PeerChartRow['start'],
  x0: number,
  width: number,
): string[] {
  const top = 50;
  const bottom = H - 50;
  const maxS = niceMax(
    Math.max(...rows.flatMap(r => Object.values(pick(r))), 1) / 1000,
  );
  const y = (ms: number) => bottom - (ms / 1000 / maxS) * (bottom - top);
  const out = [text(x0, 30, title, 'font-weight="bold"')];
  for (let i = 0; i <= 4; i++) {
    const ms = (maxS * 1000 * i) / 4;
    out.push(
      `<line x1="${x0 + 40}" x2="${x0 + width}" y1="${y(ms)}" y2="${y(
        ms,
      )}" stroke="#eee"/>`,
      text(
        x0 + 35,
        y(ms) + 4,
        `${Number((ms / 1000).toFixed(1))} s`,
        'text-anchor="end"',
      ),
    );
  }
  const group = (width - 50) / rows.length;
  const bar = (group - 20) / 3;
  rows.forEach((row, i) => {
    const gx = x0 + 50 + i * group;
    (['ours', 'hub', 'floor'] as const).forEach((who, k) => {
      const ms = pick(row)[who];
      out.push(
        `<rect x="${(gx + k * bar).toFixed(1)}" y="${y(ms).toFixed(
          1,
        )}" width="${(bar - 2).toFixed(1)}" height="${(bottom - y(ms)).toFixed(
          1,
        )}" fill="${colors[who]}"><title>${esc(
          `${labels[who]}, ${row.size} at once: ${Math.round(ms)} ms`,
        )}</title></rect>`,
      );
    });
    out.push(
      text(
        gx + (group - 20) / 2,
        bottom + 16,
        `${row.size} at once`,
        'text-anchor="middle"',
      ),
    );
  });
  return out;
}

/** The side-by-side chart as SVG: burst start and stop of N at once. */
export function writePeerChart(
  path: string,
  title: string,
  rows: PeerChartRow[],
): void {
  const half = W / 2;
  const legend = (['ours', 'hub', 'floor'] as const).flatMap((who, i) => [
    `<rect x="${150 + i * 220}" y="${H + 8}" width="12" height="12" fill="${
      colors[who]
    }"/>`,
    text(168 + i * 220, H + 18, labels[who]),
  ]);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${
      H + 30
    }" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    text(10, 14, title, 'font-size="11" fill="#555"'),
    ...panel(
      'Start N at once: until all reported Running / ready',
      rows,
      r => r.start,
      10,
      half - 30,
    ),
    ...panel(
      'Stop N at once: until all pods gone',
      rows,
      r => r.stop,
      half + 10,
      half - 20,
    ),
    ...legend,
    '</svg>',
  ];
  writeFileSync(path, `${svg.join('\n')}\n`);
}
