import { readFileSync } from 'fs';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Idle and total CPU time of the machine so far, from /proc/stat. */
function cpuTimes() {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal ...
  return {
    idle: fields[3] + fields[4],
    total: fields.reduce((sum, n) => sum + n, 0),
  };
}

/** The machine's idle fraction over the next `ms`. */
export async function idleFraction(ms: number): Promise<number> {
  const before = cpuTimes();
  await sleep(ms);
  const after = cpuTimes();
  return (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/**
 * Waits until the machine has settled: `seconds` consecutive seconds with
 * at least `minIdle` of its CPU idle (on 2 cores, the control plane binding
 * claims just created and the backend's passes over them can take most of
 * it for a while). Gives up after `timeoutMs` and says so: a machine that
 * never settles, e.g. with thousands of workspaces running, is measured as
 * it is.
 */
export async function waitForQuietMachine(
  options: { minIdle?: number; seconds?: number; timeoutMs?: number } = {},
): Promise<{ idle: number; waitedMs: number; settled: boolean }> {
  const { minIdle = 0.8, seconds = 2, timeoutMs = 60_000 } = options;
  const start = Date.now();
  let quiet = 0;
  let idle = 0;
  while (Date.now() - start < timeoutMs) {
    idle = await idleFraction(1000);
    quiet = idle >= minIdle ? quiet + 1 : 0;
    if (quiet >= seconds) {
      return { idle, waitedMs: Date.now() - start, settled: true };
    }
  }
  return { idle, waitedMs: Date.now() - start, settled: false };
}
