import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';

const relativeImport =
  /(?:from|import|require|jest\.mock)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
/** Test helpers of another package: followed no further, so assumed to need it. */
const foreignTestUtils = /from\s+['"][^.'"][^'"]*\/__testUtils__\//;

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ].find(path => existsSync(path) && statSync(path).isFile());
}

/** Whether a file, or any file it imports within the repository, uses the control plane. */
export function usesKubeLocal(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (/\bgetKubeLocal\s*\(/.test(source) || foreignTestUtils.test(source)) {
    return true;
  }
  for (const [, specifier] of source.matchAll(relativeImport)) {
    const target = resolveModule(file, specifier);
    if (target && /\.tsx?$/.test(target) && usesKubeLocal(target, seen)) {
      return true;
    }
  }
  return false;
}

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : testFilesUnder(path);
    }
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Whether the test files a Jest run selects need the shared control plane.
 * A run of named files or folders (`backstage-cli package test src/a.test.ts`)
 * needs it only if one of them uses it, directly or through what it imports;
 * any other run (all tests, a pattern that names no file) is assumed to.
 */
export function selectedTestsNeedKubeLocal(
  pathArgs: string[],
  cwd: string,
): boolean {
  if (pathArgs.length === 0) return true;
  const files: string[] = [];
  for (const arg of pathArgs) {
    const path = resolve(cwd, arg);
    if (!existsSync(path)) return true;
    files.push(
      ...(statSync(path).isDirectory() ? testFilesUnder(path) : [path]),
    );
  }
  const seen = new Set<string>();
  return files.some(file => usesKubeLocal(file, seen));
}
