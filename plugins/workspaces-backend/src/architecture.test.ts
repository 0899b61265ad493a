import { readdirSync, readFileSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';

/*
 * The backend's folders are its concerns (see the README's Layout). Two
 * folders that import each other are one concern cut in two, or a cycle
 * waiting to happen; a long file is several concerns until it says why not.
 */

const SRC = __dirname;
const MAX_LINES = 350;

interface SourceFile {
  /** Relative to src, e.g. `workspaces/WorkspaceService.ts`. */
  path: string;
  source: string;
}

function productionFiles(dir = SRC): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['__testUtils__', 'generated'].includes(entry.name)
        ? []
        : productionFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [{ path: relative(SRC, path), source: readFileSync(path, 'utf8') }]
      : [];
  });
}

/** Which top-level folders each folder imports, by its relative imports. */
function folderImports(files: SourceFile[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { path, source } of files) {
    const [folder, ...rest] = path.split('/');
    if (rest.length === 0) continue; // plugin.ts and index.ts wire folders
    for (const [, specifier] of source.matchAll(/from '(\.\.?\/[^']+)'/g)) {
      const [target, ...inside] = normalize(
        join(dirname(path), specifier),
      ).split('/');
      if (inside.length > 0 && target !== folder && target !== '..') {
        graph.set(folder, (graph.get(folder) ?? new Set()).add(target));
      }
    }
  }
  return graph;
}

/** Pairs of folders that import each other. */
function mutualImports(graph: Map<string, Set<string>>): string[] {
  return [...graph].flatMap(([from, targets]) =>
    [...targets]
      .filter(to => from < to && graph.get(to)?.has(from))
      .map(to => `${from} <-> ${to}`),
  );
}

describe('the backend’s architecture', () => {
  const files = productionFiles();

  it('has no two folders that import each other', () => {
    const graph = folderImports(files);
    expect(graph.size).toBeGreaterThan(5);
    expect(mutualImports(graph)).toEqual([]);
  });

  it('finds two folders that import each other (negative control)', () => {
    const graph = folderImports([
      ...files,
      {
        path: 'database/badIdea.ts',
        source:
          "import { WorkspaceService } from '../workspaces/WorkspaceService';",
      },
    ]);
    expect(mutualImports(graph)).toContain('database <-> workspaces');
  });

  it(`has no file over ${MAX_LINES} lines unless its top says why (“Long file:”)`, () => {
    const long = files.filter(({ source }) => {
      const lines = source.split('\n');
      return (
        lines.length > MAX_LINES &&
        !lines.slice(0, 20).some(line => line.includes('Long file:'))
      );
    });
    expect(long.map(file => file.path)).toEqual([]);
  });
});
