import { WorkloadKind } from '../../plugins/workspaces-backend/src/kubernetes/buildWorkspaceManifests';
/** How big each figure's run is; small by default, the targets' with --full. */
export interface BenchSizes {
  /** Workspaces started at once (burst start, status freshness). */
  burst: number;
  /** Workspaces in the database (list latency, memory). */
  workspaces: number;
  /** Projects they are spread over. */
  projects: number;
  /** List requests over HTTP (and SQL statements for the floor). */
  requests: number;
  /** Workspaces running for the memory figure (the burst ones included). */
  running: number;
  /** Workspaces in the grid of the UI figure. */
  grid: number;
  /** Workspaces started, stopped and deleted one by one (API economy). */
  economy: number;
  /** Workspaces whose logs are followed at once (real processes writing lines). */
  logs: number;
  /** Stopped workspaces of each design, started and stopped at once (bench/stopped-designs.ts). */
  stopped: number;
}

const small: BenchSizes = {
  burst: 20,
  workspaces: 1000,
  projects: 20,
  requests: 200,
  running: 40,
  grid: 500,
  economy: 3,
  logs: 50,
  stopped: 100,
};

/** The sizes of the targets (issue 10). */
const full: BenchSizes = {
  burst: 200,
  workspaces: 10_000,
  projects: 200,
  requests: 500,
  running: 2000,
  grid: 500,
  economy: 5,
  logs: 50,
  stopped: 200,
};

/** `--full`, then `--<size> N` for any of them. */
export function readBenchSizes(argv: string[]): BenchSizes {
  const sizes = { ...(argv.includes('--full') ? full : small) };
  for (const key of Object.keys(sizes) as (keyof BenchSizes)[]) {
    const index = argv.indexOf(`--${key}`);
    if (index >= 0) {
      const value = Number(argv[index + 1]);
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`--${key} needs a positive whole number`);
      }
      sizes[key] = value;
    }
  }
  if (sizes.running < sizes.burst) {
    sizes.running = sizes.burst;
  }
  return sizes;
}

/**
 * The sizes of the side-by-side figures with JupyterHub (bench/jupyterhub.ts):
 * 20 and 100 at once, 200 too with --full; `--peer-bursts 20,100,200` for others.
 */
export function readPeerBursts(argv: string[]): number[] {
  const index = argv.indexOf('--peer-bursts');
  if (index < 0) return argv.includes('--full') ? [20, 100, 200] : [20, 100];
  const bursts = String(argv[index + 1])
    .split(',')
    .map(Number);
  if (!bursts.every(n => Number.isInteger(n) && n >= 1)) {
    throw new Error('--peer-bursts needs positive whole numbers, e.g. 20,100');
  }
  return bursts;
}

/**
 * `--workload Pod` or `--workload StatefulSet`: the backend's
 * `workspaces.kubernetes.workload` for this run (bench/app-config.yaml's
 * otherwise).
 */
export function readWorkload(argv: string[]): WorkloadKind | undefined {
  const index = argv.indexOf('--workload');
  if (index < 0) return undefined;
  const workload = argv[index + 1];
  if (workload !== 'Pod' && workload !== 'StatefulSet') {
    throw new Error('--workload takes Pod or StatefulSet');
  }
  return workload;
}
