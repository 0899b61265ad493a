import { KubeLocalApiServerControl, KubeLocalConnection } from './KubeLocal';
import { kubeLocalEnvNames } from './kubeLocalEnvNames';
import { postKubeLocalControl } from './postKubeLocalControl';

/**
 * Returns the control plane shared by all tests of a Jest run, started by
 * `@internal/kube-local/src/jest/globalSetup.ts` and handed over through
 * environment variables.
 *
 * stopApiServer() affects every test file running at the same time (in other
 * workers too); tests of outages should start a private control plane with
 * startKubeLocal() instead.
 */
export function getKubeLocal(): KubeLocalConnection &
  KubeLocalApiServerControl {
  const missing = Object.values(kubeLocalEnvNames).filter(
    name => !process.env[name],
  );
  if (missing.length > 0) {
    throw new Error(
      `kube-local: ${missing.join(
        ', ',
      )} not set. The shared control plane is ` +
        'started by a Jest global setup; add to the package.json of this package: ' +
        '"jest": { "globalSetup": "@internal/kube-local/src/jest/globalSetup.ts", ' +
        '"globalTeardown": "@internal/kube-local/src/jest/globalTeardown.ts" }',
    );
  }
  const env = (name: string) => process.env[name]!;
  const controlUrl = env(kubeLocalEnvNames.controlUrl);
  return {
    server: env(kubeLocalEnvNames.server),
    kubeconfigPath: env(kubeLocalEnvNames.kubeconfigPath),
    caData: env(kubeLocalEnvNames.caData),
    token: env(kubeLocalEnvNames.token),
    controlUrl,
    dataDir: env(kubeLocalEnvNames.dataDir),
    pid: Number(env(kubeLocalEnvNames.pid)),
    addressBlock: env(kubeLocalEnvNames.addressBlock),
    stopApiServer: () => postKubeLocalControl(controlUrl, 'apiserver/stop'),
    startApiServer: () => postKubeLocalControl(controlUrl, 'apiserver/start'),
  };
}
