import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isProcessAlive } from './isProcessAlive';

/**
 * Whether the kube-local recorded in `DIR/state.json` is still running.
 *
 * The pid in state.json survives the process (and a crash or a reboot), and
 * pids get reused, so the process must also be kube-local with this data
 * directory on its command line.
 */
export async function isKubeLocalRunning(dataDir: string): Promise<boolean> {
  let pid: unknown;
  try {
    pid = JSON.parse(await readFile(join(dataDir, 'state.json'), 'utf8')).pid;
  } catch {
    return false;
  }
  if (typeof pid !== 'number' || !isProcessAlive(pid)) {
    return false;
  }
  try {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const dirIndex = args.indexOf('--data-dir') + 1;
    return (
      args[0].endsWith('kube-local') &&
      dirIndex > 0 &&
      resolve(args[dirIndex]) === resolve(dataDir)
    );
  } catch {
    return false;
  }
}
