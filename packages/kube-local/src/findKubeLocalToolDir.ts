import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Returns the absolute path of `tools/kube-local` in this repository.
 *
 * The package is private and only ever runs from its source folder, so the
 * tool is found by walking up from here instead of being configured; this
 * keeps working whether the file is loaded through the workspace symlink or
 * its real path.
 */
export function findKubeLocalToolDir(): string {
  // This private package is never bundled, so __dirname is its source folder.
  // eslint-disable-next-line no-restricted-syntax
  const here = __dirname;
  let dir = resolve(here);
  for (;;) {
    const candidate = join(dir, 'tools', 'kube-local');
    if (existsSync(join(candidate, 'build.sh'))) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `kube-local: could not find tools/kube-local/build.sh above ${here}`,
      );
    }
    dir = parent;
  }
}
