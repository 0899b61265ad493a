import { KubeLocal } from '../KubeLocal';
import { kubeLocalEnvNames } from '../kubeLocalEnvNames';
import { sharedKubeLocalKey } from './sharedKubeLocalKey';

/**
 * Jest global teardown: stops the control plane of globalSetup.ts and removes
 * its temporary data directory. A second call (the file listed by several
 * packages) finds nothing left to do.
 */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as { [sharedKubeLocalKey]?: KubeLocal };
  const kubeLocal = slot[sharedKubeLocalKey];
  if (!kubeLocal) {
    return;
  }
  delete slot[sharedKubeLocalKey];
  for (const name of Object.values(kubeLocalEnvNames)) {
    delete process.env[name];
  }
  await kubeLocal.stop();
}
