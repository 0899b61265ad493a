import { CoreV1Api } from '@kubernetes/client-node';
import { connectKubeLocal, createAdminKubeConfig } from '@internal/kube-local';
import { join } from 'node:path';

/** API clients of the demo's local cluster (scripts/start's, in .demo/kube-local). */
export async function demoClusterClients() {
  const kube = await connectKubeLocal(
    join(__dirname, '..', '.demo', 'kube-local'),
  );
  return { core: createAdminKubeConfig(kube).makeApiClient(CoreV1Api) };
}
