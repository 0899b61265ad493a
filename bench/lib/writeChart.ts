import { writeFileSync } from 'fs';
import { Summary } from './stats';

export interface ChartInput {
  title: string;
  /** Latency percentiles, each of our figure next to its floor. */
  latencies: Array<{ label: string; product: Summary; floor: Summary }>;
  /** Workspaces Running over time since the burst's start. */
  burst: { productMs: number[]; floorMs: number[] };
}

const W = 900;
const H = 360;
const colors = { product: '#1f77b4', floor: '#999999' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function text(x: number, y: number, s: string, attrs = '') {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(
    s,
  )}</text>`;
}

/** A round upper bound for an axis. */
function niceMax(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 1e-9)));
  return [1, 2, 5, 10].map(m => m * step).find(m => m >= value)!;
}

/** Grouped bars: p50/p90/p99 of each latency, ours and the floor, on a log axis. */
function latencyPanel(input: ChartInput, x0: number, width: number): string[] {
  const top = 50;
  const bottom = H - 60;
  const all = input.latencies
    .flatMap(l => [l.product, l.floor])
    .flatMap(s => [s.p50, s.p90, s.p99]);
  const lo = 0.1;
  const hi = niceMax(Math.max(...all.filter(Number.isFinite)));
  const y = (v: number) =>
    bottom -
    ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) /
      (Math.log10(hi) - Math.log10(lo))) *
      (bottom - top);
  const out = [
    text(x0, 30, 'Latency percentiles (ms, log scale)', 'font-weight="bold"'),
  ];
  for (let v = lo; v <= hi; v *= 10) {
    out.push(
      `<line x1="${x0 + 40}" x2="${x0 + width}" y1="${y(v)}" y2="${y(
        v,
      )}" stroke="#eee"/>`,
    );
    out.push(text(x0 + 35, y(v) + 4, String(v), 'text-anchor="end"'));
  }
  const group = (width - 50) / input.latencies.length;
  input.latencies.forEach((l, i) => {
    const gx = x0 + 50 + i * group;
    const bar = (group - 20) / 6;
    (['p50', 'p90', 'p99'] as const).forEach((p, j) => {
      (['product', 'floor'] as const).forEach((who, k) => {
        const v = l[who][p];
        const bx = gx + (j * 2 + k) * bar;
        out.push(
          `<rect x="${bx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(
            bar - 2
          ).toFixed(1)}" height="${(bottom - y(v)).toFixed(1)}" fill="${
            colors[who]
          }"><title>${esc(
            `${l.label} ${who} ${p}: ${v.toFixed(2)} ms`,
          )}</title></rect>`,
        );
      });
      out.push(
        text(
          gx + (j * 2 + 1) * bar,
          bottom + 14,
          p,
          'text-anchor="middle" font-size="10"',
        ),
      );
    });
    out.push(
      text(gx + (group - 20) / 2, bottom + 30, l.label, 'text-anchor="middle"'),
    );
  });
  return out;
}

/** Step curves: how many workspaces are Running, ours and the floor. */
function burstPanel(input: ChartInput, x0: number, width: number): string[] {
  const top = 50;
  const bottom = H - 60;
  const { productMs, floorMs } = input.burst;
  const maxS = niceMax(Math.max(...productMs, ...floorMs, 1) / 1000);
  const maxN = Math.max(productMs.length, floorMs.length, 1);
  const x = (ms: number) => x0 + 40 + (ms / 1000 / maxS) * (width - 50);
  const y = (n: number) => bottom - (n / maxN) * (bottom - top);
  const out = [
    text(
      x0,
      30,
      `Burst start: workspaces Running over time (${maxN} at once)`,
      'font-weight="bold"',
    ),
  ];
  for (let i = 0; i <= 4; i++) {
    out.push(
      `<line x1="${x0 + 40}" x2="${x0 + width - 10}" y1="${y(
        (maxN * i) / 4,
      )}" y2="${y((maxN * i) / 4)}" stroke="#eee"/>`,
    );
    out.push(
      text(
        x0 + 35,
        y((maxN * i) / 4) + 4,
        String(Math.round((maxN * i) / 4)),
        'text-anchor="end"',
      ),
    );
    out.push(
      text(
        x((maxS * 1000 * i) / 4),
        bottom + 14,
        `${((maxS * i) / 4).toFixed(1)} s`,
        'text-anchor="middle" font-size="10"',
      ),
    );
  }
  for (const [who, times] of [
    ['floor', floorMs],
    ['product', productMs],
  ] as const) {
    let d = `M ${x(0)} ${y(0)}`;
    times.forEach((t, i) => {
      d += ` L ${x(t).toFixed(1)} ${y(i).toFixed(1)} L ${x(t).toFixed(1)} ${y(
        i + 1,
      ).toFixed(1)}`;
    });
    out.push(
      `<path d="${d}" fill="none" stroke="${colors[who]}" stroke-width="2"/>`,
    );
  }
  return out;
}

/** The results chart as SVG, written by our own code (no chart library). */
export function writeChart(path: string, input: ChartInput): void {
  const half = W / 2;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${
      H + 30
    }" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    text(10, 14, input.title, 'font-size="11" fill="#555"'),
    ...latencyPanel(input, 10, half - 30),
    ...burstPanel(input, half + 10, half - 20),
    `<rect x="${W / 2 - 120}" y="${H + 8}" width="12" height="12" fill="${
      colors.product
    }"/>`,
    text(W / 2 - 102, H + 18, 'Workspaces'),
    `<rect x="${W / 2 + 10}" y="${H + 8}" width="12" height="12" fill="${
      colors.floor
    }"/>`,
    text(W / 2 + 28, H + 18, 'floor (same run)'),
    '</svg>',
  ];
  writeFileSync(path, `${svg.join('\n')}\n`);
}
