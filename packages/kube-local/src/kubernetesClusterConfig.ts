import { KubeLocalConnection } from './KubeLocal';

/**
 * The `kubernetes:` config (Backstage's Kubernetes plugin, and the workspaces
 * backend, which reads the same clusters) for a kube-local cluster named
 * `local`, reached with the given token.
 */
export function kubernetesClusterConfig(
  connection: Pick<KubeLocalConnection, 'server' | 'caData'>,
  token: string,
) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'local',
            url: connection.server,
            authProvider: 'serviceAccount',
            serviceAccountToken: token,
            caData: connection.caData,
            // kube-local runs no metrics-server; this avoids an error per pod.
            skipMetricsLookup: true,
          },
        ],
      },
    ],
  };
}
