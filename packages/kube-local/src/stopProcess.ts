import { isProcessAlive } from './isProcessAlive';

/**
 * Sends SIGTERM and waits until the process is gone; SIGKILL after the
 * timeout. kube-local shuts its children and etcd down on SIGTERM (1-3 s);
 * the SIGKILL is a last resort (its children die with it via PDEATHSIG).
 */
export async function stopProcess(
  pid: number,
  timeoutMs: number = 20_000,
): Promise<void> {
  if (!signal(pid, 'SIGTERM')) {
    return;
  }
  if (await waitForExit(pid, timeoutMs)) {
    return;
  }
  signal(pid, 'SIGKILL');
  if (!(await waitForExit(pid, 5_000))) {
    throw new Error(`kube-local: process ${pid} did not exit after SIGKILL`);
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      return false;
    }
    // Polling also lets Node reap its own child between checks.
    await new Promise(r => setTimeout(r, 100));
  }
  return true;
}
