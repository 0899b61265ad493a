import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectKubeLocal } from './connectKubeLocal';
import { ensureKubeLocalBinary } from './ensureKubeLocalBinary';
import { findKubeLocalToolDir } from './findKubeLocalToolDir';
import { KubeLocal } from './KubeLocal';
import { stopProcess } from './stopProcess';
import { waitForReadyLine } from './waitForReadyLine';

/** Options of {@link startKubeLocal}. */
export interface StartKubeLocalOptions {
  /**
   * Data directory (etcd, certificates, logs). Default: a fresh temporary
   * directory, removed by stop(). A given directory is never removed, and
   * reusing it keeps all objects, certificates and tokens.
   */
  dataDir?: string;
  /** Keep the temporary data directory after stop() (to read its logs). */
  keepDataDir?: boolean;
  /**
   * Let the control plane outlive this process (own process group, not
   * stopped when Node exits). Used by the demo; tests leave this off so an
   * interrupted run does not leave clusters behind.
   */
  detached?: boolean;
  /** Binary to run. Default: built by ensureKubeLocalBinary(). */
  binaryPath?: string;
  /** How long to wait for the ready line. Default 120 s (typically 5-10 s). */
  readyTimeoutMs?: number;
  /** Extra kube-local flags, e.g. `['--pod-start-delay', '0s']`. */
  args?: string[];
  /**
   * The runtimes file: pods of the images it maps run as local processes
   * (JupyterLab, TensorBoard, code-server, git). Default: the repository's
   * `tools/kube-local/runtimes/runtimes.yaml`; false: every pod is simulated.
   */
  runtimes?: string | false;
}

/** The runtimes file of the repository (see tools/kube-local/README.md). */
export function defaultRuntimesFile(): string {
  return join(findKubeLocalToolDir(), 'runtimes', 'runtimes.yaml');
}

/**
 * Starts kube-local on free loopback ports and resolves once it is ready
 * (API server up, nodes registered, `default` ServiceAccount present).
 *
 * Both ports are picked by kube-local itself (`--port 0`, `--control-port 0`)
 * and read back from its state.json, so there is no window in which another
 * process could take a port chosen here.
 */
export async function startKubeLocal(
  options: StartKubeLocalOptions = {},
): Promise<KubeLocal> {
  const binaryPath = options.binaryPath ?? (await ensureKubeLocalBinary());
  const isTempDir = !options.dataDir;
  const dataDir = options.dataDir
    ? resolve(options.dataDir)
    : await mkdtemp(join(tmpdir(), 'kube-local-'));
  const removeDataDir = isTempDir && !options.keepDataDir;
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const outputPath = join(logDir, 'stdio.log');
  // Truncated on each start, so a ready line from an earlier run (same data
  // directory) is never mistaken for this one.
  const outputFd = openSync(outputPath, 'w');
  const child = spawn(
    binaryPath,
    [
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--kubeconfig',
      join(dataDir, 'admin.kubeconfig'),
      '--control-port',
      '0',
      ...(options.runtimes === false
        ? []
        : ['--runtimes', options.runtimes ?? defaultRuntimesFile()]),
      ...(options.args ?? []),
    ],
    {
      detached: options.detached ?? false,
      stdio: ['ignore', outputFd, outputFd],
    },
  );
  closeSync(outputFd);
  // Never keep Node alive just for the control plane: a test run whose
  // teardown did not happen must still exit (the exit hook below stops it).
  child.unref();

  const pid = child.pid;
  const stopOnExit = () => {
    if (pid) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  if (!options.detached) {
    process.once('exit', stopOnExit);
  }

  // 'error' is emitted when the binary cannot be run at all (spawn fails),
  // and later only for failed kill()s, which stopProcess handles itself.
  const spawned = new Promise<void>((resolveSpawn, reject) => {
    child.once('spawn', resolveSpawn);
    child.on('error', reject);
  });

  try {
    await spawned;
    await waitForReadyLine({
      child,
      outputPath,
      logDir,
      timeoutMs: options.readyTimeoutMs ?? 120_000,
    });
    const kubeLocal = await connectKubeLocal(dataDir, {
      removeDataDirOnStop: removeDataDir,
    });
    return {
      ...kubeLocal,
      async stop() {
        await kubeLocal.stop();
        process.off('exit', stopOnExit);
      },
    };
  } catch (error) {
    process.off('exit', stopOnExit);
    if (pid) {
      await stopProcess(pid, 5_000).catch(() => {});
    }
    // Keep a temporary directory on failure: its logs explain what happened.
    throw error;
  }
}
