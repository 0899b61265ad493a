import { KubeLocal } from '../KubeLocal';
import { kubeLocalEnvNames } from '../kubeLocalEnvNames';
import { startKubeLocal } from '../startKubeLocal';
import { selectedTestsNeedKubeLocal } from './selectedTestsNeedKubeLocal';
import { sharedKubeLocalKey } from './sharedKubeLocalKey';

/**
 * Jest global setup: starts ONE control plane for the whole test run (none
 * when the run names only files that don't use it: selectedTestsNeedKubeLocal) and
 * exposes it to the test workers through environment variables (read them
 * with getKubeLocal()). Jest copies process.env into the workers it starts
 * after this, and runs the same setup file only once per run even when
 * several packages list it; the check below also covers a second copy
 * reached through another path.
 *
 * Jest transforms this file (and what it imports) with the package's own
 * TypeScript transform, so it can stay TypeScript.
 */
export default async function globalSetup(globalConfig?: {
  nonFlagArgs?: string[];
}): Promise<void> {
  const slot = globalThis as { [sharedKubeLocalKey]?: KubeLocal };
  if (slot[sharedKubeLocalKey]) {
    return;
  }
  // a run of files that need no cluster (pure functions, components, the
  // database alone) starts none, and needs no Go
  if (
    !selectedTestsNeedKubeLocal(globalConfig?.nonFlagArgs ?? [], process.cwd())
  ) {
    // eslint-disable-next-line no-console
    console.log('\nkube-local: not started; no selected test file uses it');
    return;
  }
  const started = Date.now();
  // A short crash-loop back-off (the kubelet's is 10 s), so tests see restarts.
  const kubeLocal = await startKubeLocal({
    args: ['--crash-loop-backoff', '2s'],
  });
  slot[sharedKubeLocalKey] = kubeLocal;
  for (const [field, name] of Object.entries(kubeLocalEnvNames)) {
    process.env[name] = String(
      kubeLocal[field as keyof typeof kubeLocalEnvNames],
    );
  }
  // eslint-disable-next-line no-console
  console.log(
    `\nkube-local: shared control plane at ${kubeLocal.server} (ready in ${
      (Date.now() - started) / 1000
    }s, logs in ${kubeLocal.dataDir}/logs)`,
  );
}
