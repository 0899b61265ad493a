import { ChildProcess, execFileSync, spawn } from 'child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'fs';
import { dirname, join, resolve } from 'path';
import { EVENT_LOOP_PROBE } from './eventLoopDelay';
import { rssBytesOf } from './processRss';
import { stopChild } from './stopChild';

/** Not the demo's 7007: the bench must not answer for a running demo. */
export const BACKEND_PORT = Number(process.env.BENCH_BACKEND_PORT ?? 7177);
export const BACKEND_URL = `http://localhost:${BACKEND_PORT}`;
const repoRoot = resolve(__dirname, '../..');

/**
 * Unpacks the bundle of `backstage-cli package build` (packages/backend/dist/
 * bundle.tar.gz: the backend and every local package it uses, compiled as
 * they are published, and the built app) into the run directory. Instead of
 * a production `yarn install` into it, node_modules links the bundle's own
 * packages, and everything else resolves from the repository's node_modules
 * (the same versions, from the same yarn.lock).
 */
function unpackBundle(runDir: string): string {
  const bundle = join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
  if (!existsSync(bundle)) {
    throw new Error(
      `${bundle} is missing: run 'yarn workspace backend build' (scripts/bench does)`,
    );
  }
  const dir = join(runDir, 'backend');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', bundle, '-C', dir]);
  for (const group of ['packages', 'plugins']) {
    for (const name of readdirSync(join(dir, group))) {
      const packageDir = join(dir, group, name);
      const pkg = JSON.parse(
        readFileSync(join(packageDir, 'package.json'), 'utf8'),
      );
      const link = join(dir, 'node_modules', pkg.name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(packageDir, link);
    }
  }
  return dir;
}

export interface ProductionBackend {
  pid: number;
  /** Its working directory (where it writes heap snapshots, and its event-loop probe answers). */
  dir: string;
  /** Resident set size of the backend process, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/**
 * The backend's old-space heap in MB, as deploy/README.md recommends: on a
 * host without a memory limit (this one has 24 GiB) Node would let it grow
 * to ~4 GB, keeping garbage it has no reason to collect yet.
 */
export const BACKEND_HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 512);

/** Runs the built backend with NODE_ENV=production until it answers. */
export async function startProductionBackend(
  runDir: string,
  configPaths: string[],
): Promise<ProductionBackend> {
  const dir = unpackBundle(runDir);
  const log = openSync(join(runDir, 'backend.log'), 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // the heap of deploy/README.md (BENCH_HEAP_MB to try another); a
      // snapshot on SIGUSR2 tells the live heap; BENCH_NODE_FLAGS adds
      // flags, e.g. --trace-gc; the event-loop probe answers in its
      // working directory (and collects garbage when asked, hence gc)
      `--max-old-space-size=${BACKEND_HEAP_MB}`,
      '--heapsnapshot-signal=SIGUSR2',
      '--expose-gc',
      '--require',
      EVENT_LOOP_PROBE,
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      'packages/backend/dist/index.cjs.js',
      ...configPaths.flatMap(path => ['--config', path]),
    ],
    {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' },
      stdio: ['ignore', log, log],
    },
  );
  const exited = new Promise<number | null>(r => child.once('exit', r));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const up = await fetch(`${BACKEND_URL}/api/workspaces/health`)
      .then(r => r.ok)
      .catch(() => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The backend did not start; see ${join(runDir, 'backend.log')}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    pid: child.pid!,
    dir,
    rssBytes: () => rssBytesOf(child.pid!),
    async stop() {
      await stopChild(child, exited);
    },
  };
}
