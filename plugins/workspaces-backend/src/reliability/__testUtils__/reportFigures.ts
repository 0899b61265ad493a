import { mkdirSync, writeFileSync } from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { resolve } from 'path';
import { reliabilitySizes } from './reliabilitySizes';

export type Figures = Record<string, string | number | boolean>;

/**
 * Prints one part's figures as a table and writes them to
 * `test-output/reliability/<part>.json` at the repository root, where the
 * README's figures come from.
 */
export function reportFigures(part: string, figures: Figures): void {
  const rows = Object.entries(figures);
  const width = Math.max(...rows.map(([key]) => key.length));
  // eslint-disable-next-line no-console
  console.log(
    [
      `Reliability figures: ${part} (${reliabilitySizes.mode} mode)`,
      ...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`),
    ].join('\n'),
  );
  const dir = resolvePackagePath(
    '@backstage-workspaces/plugin-workspaces-backend',
    '../../test-output/reliability',
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    resolve(dir, `${part}.json`),
    `${JSON.stringify(
      {
        part,
        mode: reliabilitySizes.mode,
        at: new Date().toISOString(),
        figures,
      },
      null,
      2,
    )}\n`,
  );
}
