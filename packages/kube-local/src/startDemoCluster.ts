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
