import { readFileSync } from 'fs';

/** What tools/netguard saw so far in this run (see scripts/netguard.sh). */
export interface NetguardReport {
  allowedLoopbackConnections: number;
  deniedDestinations: Array<{
    protocol: string;
    address: string;
    port: number;
    command: string;
    count: number;
  }>;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The loopback guard's report, read after its next rewrite (every 2 s), so
 * it covers the run up to now. The run fails when it is not guarded: the
 * figure would then say nothing.
 */
export async function readNetguardReport(): Promise<NetguardReport> {
  const path = process.env.NETGUARD_REPORT;
  if (!path) {
    throw new Error(
      'Run through ./scripts/bench: it runs the benchmark in the loopback guard of tools/netguard',
    );
  }
  await sleep(2500);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Refused connection attempts in a report. */
export const refusedCount = (report: NetguardReport) =>
  report.deniedDestinations.reduce((sum, d) => sum + d.count, 0);
