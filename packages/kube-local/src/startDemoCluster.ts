import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { connectKubeLocal } from './connectKubeLocal';
import { createDemoNamespaces } from './createDemoNamespaces';
import { isKubeLocalRunning } from './isKubeLocalRunning';
import { KubeLocal } from './KubeLocal';
import { startKubeLocal } from './startKubeLocal';
import { writeDemoAppConfig } from './writeDemoAppConfig';

/**
 * Makes sure the demo's control plane runs, detached, with its data in
 * `<repo>/.demo/kube-local` (kept across restarts, like the demo's SQLite
 * files), and (re)writes `<repo>/.demo/app-config.kubernetes.yaml` for it.
 * A running one is reused, so restarting the app keeps the workloads. The
 * demo projects' namespaces are created in it.
 */
export async function startDemoCluster(repoRoot: string): Promise<{
  kubeLocal: KubeLocal;
  reused: boolean;
  appConfigPath: string;
}> {
  const dataDir = join(repoRoot, '.demo', 'kube-local');
  const appConfigPath = join(repoRoot, '.demo', 'app-config.kubernetes.yaml');

  await retireDataDirBeforeLoopback(dataDir);
  const reused = await isKubeLocalRunning(dataDir);
  const kubeLocal = reused
    ? await connectKubeLocal(dataDir)
    : await startKubeLocal({ dataDir, detached: true });
  if (reused) {
    // A no-op when the API server runs; brings it back if an outage test
    // against the demo cluster left it stopped. Returns once it is ready.
    await kubeLocal.startApiServer();
  }
  await createDemoNamespaces(
    kubeLocal,
    join(repoRoot, 'examples', 'projects.yaml'),
  );
  await writeDemoAppConfig(appConfigPath, kubeLocal);
  return { kubeLocal, reused, appConfigPath };
}

/**
 * A demo cluster made by a kube-local from before loopback addresses gave its
 * pods 10.x addresses, which nothing here may dial, and its services keep
 * them: stop it and move its data aside, so a new one starts. The demo's
 * workspaces stay in its database, and the plugin creates their objects again.
 */
async function retireDataDirBeforeLoopback(dataDir: string): Promise<void> {
  if (
    !existsSync(join(dataDir, 'etcd')) ||
    existsSync(join(dataDir, 'address-block'))
  ) {
    return;
  }
  if (await isKubeLocalRunning(dataDir)) {
    await (await connectKubeLocal(dataDir)).stop();
  }
  const aside = `${dataDir}.before-loopback-${Date.now()}`;
  await rename(dataDir, aside);
  // eslint-disable-next-line no-console
  console.log(
    `kube-local: the demo cluster's data was made by an older kube-local ` +
      `(pods with 10.x addresses); moved it to ${aside} and starting a new one`,
  );
}
