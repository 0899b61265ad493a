import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { createAdminKubeConfig } from '../createAdminKubeConfig';
import { KubeLocalConnection } from '../KubeLocal';

/**
 * API clients for a control plane, built from the same fields the Backstage
 * config uses (server, CA data, token) rather than the kubeconfig file, so
 * the tests also prove those fields are right.
 */
export function createKubeClients(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
) {
  const kubeConfig = createAdminKubeConfig(connection);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
  };
}
