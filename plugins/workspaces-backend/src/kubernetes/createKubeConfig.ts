import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesCluster } from './readKubernetesClusters';

/** A client-node KubeConfig for a cluster of the `kubernetes:` config. */
export function createKubeConfig(cluster: KubernetesCluster): KubeConfig {
  if (cluster.kubeconfigPath) {
    const fromFile = new KubeConfig();
    fromFile.loadFromFile(cluster.kubeconfigPath);
    return fromFile;
  }
  if (
    cluster.authProvider !== 'serviceAccount' ||
    !cluster.serviceAccountToken
  ) {
    throw new Error(
      `Cluster ${cluster.name}: workspaces need authProvider serviceAccount with a serviceAccountToken`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [
      { name: 'backstage-workspaces', token: cluster.serviceAccountToken },
    ],
    contexts: [
      {
        name: cluster.name,
        cluster: cluster.name,
        user: 'backstage-workspaces',
      },
    ],
    currentContext: cluster.name,
  });
  return kubeConfig;
}
