import { KubeConfig } from '@kubernetes/client-node';
import { KubeLocalConnection } from './KubeLocal';

/**
 * A client-node KubeConfig for the control plane's admin, built from the same
 * fields the Backstage config uses (server, CA data, token).
 */
export function createAdminKubeConfig(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'kube-local',
        server: connection.server,
        caData: connection.caData,
      },
    ],
    users: [{ name: 'admin', token: connection.token }],
    contexts: [{ name: 'kube-local', cluster: 'kube-local', user: 'admin' }],
    currentContext: 'kube-local',
  });
  return kubeConfig;
}
