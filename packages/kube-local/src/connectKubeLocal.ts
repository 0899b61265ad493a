import { rm } from 'node:fs/promises';
import { KubeLocal } from './KubeLocal';
import { postKubeLocalControl } from './postKubeLocalControl';
import { readKubeLocalConnection } from './readKubeLocalConnection';
import { stopProcess } from './stopProcess';

/**
 * Returns a handle on the kube-local running with this data directory, e.g.
 * one started earlier by another process (the demo cluster). The process is
 * addressed by pid, so stop() works without being its parent.
 */
export async function connectKubeLocal(
  dataDir: string,
  options: { removeDataDirOnStop?: boolean } = {},
): Promise<KubeLocal> {
  const connection = await readKubeLocalConnection(dataDir);
  let stopping: Promise<void> | undefined;
  return {
    ...connection,
    stopApiServer: () =>
      postKubeLocalControl(connection.controlUrl, 'apiserver/stop'),
    startApiServer: () =>
      postKubeLocalControl(connection.controlUrl, 'apiserver/start'),
    stop() {
      // Only once: signalling the pid again later could hit a new process
      // that reused it.
      stopping ??= (async () => {
        await stopProcess(connection.pid);
        if (options.removeDataDirOnStop) {
          await rm(dataDir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}
