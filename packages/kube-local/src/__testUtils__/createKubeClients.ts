import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubeLocalConnection } from '../KubeLocal';

/**
 * API clients for a control plane, built from the same fields the Backstage
 * config uses (server, CA data, token) rather than the kubeconfig file, so
 * the tests also prove those fields are right.
 */
export function createKubeClients(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
) {
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
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
  };
}
