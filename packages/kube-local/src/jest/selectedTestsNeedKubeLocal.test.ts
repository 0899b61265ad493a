import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { selectedTestsNeedKubeLocal } from './selectedTestsNeedKubeLocal';

/** A package's files, by path under src. */
function packageWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-local-needs-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(root, 'src', path, '..'), { recursive: true });
    writeFileSync(join(root, 'src', path), source);
  }
  return root;
}

const root = packageWith({
  'manifests/build.ts': 'export const build = () => 1;',
  'manifests/build.test.ts': "import { build } from './build';",
  // (written in two parts, so that this file itself does not read as a user)
  '__testUtils__/cluster.ts': `import { getKubeLocal } from '@internal/kube-local';\nexport const kube = () => getKubeLocal${'()'};`,
  'runtime/runtime.test.ts': "import { kube } from '../__testUtils__/cluster';",
  'other/usesAnotherPackagesHelpers.test.ts': `import { start } from '@scope/plugin-x/src/${'__testUtils__'}/start';`,
});

describe('selectedTestsNeedKubeLocal', () => {
  it('starts no cluster for files that use none, directly or through their imports', () => {
    expect(
      selectedTestsNeedKubeLocal(['src/manifests/build.test.ts'], root),
    ).toBe(false);
    expect(selectedTestsNeedKubeLocal(['src/manifests'], root)).toBe(false);
  });

  it('starts it for a file whose helpers use it (negative control)', () => {
    expect(
      selectedTestsNeedKubeLocal(
        ['src/manifests/build.test.ts', 'src/runtime/runtime.test.ts'],
        root,
      ),
    ).toBe(true);
    expect(selectedTestsNeedKubeLocal(['src'], root)).toBe(true);
  });

  it('starts it when it can’t tell: all tests, a pattern, another package’s helpers', () => {
    expect(selectedTestsNeedKubeLocal([], root)).toBe(true);
    expect(selectedTestsNeedKubeLocal(['build'], root)).toBe(true);
    expect(
      selectedTestsNeedKubeLocal(
        ['src/other/usesAnotherPackagesHelpers.test.ts'],
        root,
      ),
    ).toBe(true);
  });
});
