import { Browser, chromium } from 'playwright-core';

/**
 * Chromium flags for our machines, where nothing may connect outside
 * loopback: it resolves no name but localhost and `*.localhost` (so it asks
 * no DNS server; the address 127.0.0.1 is left as it is; the workspace tools' hosts are `*.tools.localhost`), and
 * starts none of its background services. Tests and benchmarks run in
 * tools/netguard's loopback guard, which fails them otherwise.
 */
export const LOOPBACK_ONLY_CHROMIUM_ARGS = [
  '--host-resolver-rules=MAP localhost 127.0.0.1, MAP *.localhost 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * The system Chromium (`CHROMIUM`, which scripts/chromium.sh sets and
 * installs), driven by playwright-core, kept on loopback.
 */
export async function launchLoopbackChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      ...LOOPBACK_ONLY_CHROMIUM_ARGS,
    ],
  });
}
