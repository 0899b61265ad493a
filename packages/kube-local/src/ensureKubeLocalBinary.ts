import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findKubeLocalToolDir } from './findKubeLocalToolDir';

/**
 * Builds `tools/kube-local/bin/kube-local` if needed and returns its path.
 *
 * `build.sh` compares a hash of the Go sources with a stamp and returns in
 * well under a second when nothing changed, so this is cheap to call before
 * every start. A cold build takes minutes; its progress goes to stderr so a
 * long pause is explained.
 *
 * `KUBE_LOCAL_BINARY` skips the build and uses that file instead (for a
 * binary built elsewhere, e.g. cached by CI).
 */
export async function ensureKubeLocalBinary(): Promise<string> {
  const override = process.env.KUBE_LOCAL_BINARY;
  if (override) {
    if (!existsSync(override)) {
      throw new Error(
        `kube-local: KUBE_LOCAL_BINARY points at ${override}, which does not exist`,
      );
    }
    return override;
  }

  const toolDir = findKubeLocalToolDir();
  // Checked here (build.sh checks too) to give an error that says what to do.
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'kube-local: Go (>= 1.25) is required to build the local Kubernetes ' +
        `control plane (${toolDir}/build.sh) but "go" is not on PATH. ` +
        'Install Go, or set KUBE_LOCAL_BINARY to a kube-local binary built elsewhere.',
    );
  }

  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(join(toolDir, 'build.sh'), [], {
      cwd: toolDir,
      // stdout only says "up to date"; stderr carries the build progress and
      // compiler errors, which the caller needs to see.
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) {
        resolvePromise();
      } else {
        reject(
          new Error(
            `kube-local: ${toolDir}/build.sh failed (${
              signal ?? `exit code ${code}`
            }); see its output above`,
          ),
        );
      }
    });
  });

  return join(toolDir, 'bin', 'kube-local');
}
