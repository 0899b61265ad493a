// this test reads the package's own source files
// eslint-disable-next-line no-restricted-imports
import { readdirSync, readFileSync, statSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { join, relative } from 'path';

/*
 * The UI takes every colour from the theme (theme.palette.*, or a
 * component's color prop), so that it looks right in Backstage's dark theme
 * and in an adopter's own: no colour literal in the plugin's source.
 */

/** Colour literals: #rgb, #rrggbb(aa), rgb()/rgba()/hsl()/hsla(). */
const COLOUR_LITERAL =
  /(['"`])#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\1|\b(?:rgba?|hsla?)\s*\(/;

/** The lines of `source` with a colour literal, as `line: text`. */
function colourLiterals(source: string): string[] {
  return source
    .split('\n')
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter(({ text }) => COLOUR_LITERAL.test(text))
    .map(({ text, line }) => `${line}: ${text}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('colours of the UI', () => {
  it('finds a colour literal where one is written (negative control)', () => {
    expect(
      colourLiterals(
        "const a = 1;\n  style={{ borderColor: selected ? '#1976d2' : undefined }}\nbackground: 'rgba(0, 0, 0, 0.5)'",
      ),
    ).toEqual([
      "2: style={{ borderColor: selected ? '#1976d2' : undefined }}",
      "3: background: 'rgba(0, 0, 0, 0.5)'",
    ]);
    expect(colourLiterals("theme.palette.primary.main; href='#top'")).toEqual(
      [],
    );
  });

  it('takes every colour from the theme: no colour literal in the source', () => {
    const found = sourceFiles(__dirname).flatMap(path =>
      colourLiterals(readFileSync(path, 'utf8')).map(
        hit => `${relative(__dirname, path)}:${hit}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
