import { Config } from '@backstage/config';

/** A cluster of the `kubernetes:` config that Backstage's Kubernetes plugin reads too. */
export interface KubernetesCluster {
  name: string;
  /** For local development: the cluster of a kubeconfig file's current context. */
  kubeconfigPath?: string;
  url: string;
  authProvider: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
}

/**
 * The clusters under `kubernetes.clusterLocatorMethods` of type `config`:
 * the same configuration as Backstage's Kubernetes plugin, so both plugins
 * see the same cluster; for local development also the cluster of the
 * kubeconfig file named by `workspaces.kubernetes.kubeconfig`.
 */
export function readKubernetesClusters(config: Config): KubernetesCluster[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const kubeconfigPath = config.getOptionalString(
    'workspaces.kubernetes.kubeconfig',
  );
  const fromKubeconfig: KubernetesCluster[] = kubeconfigPath
    ? [
        {
          name: 'kubeconfig',
          kubeconfigPath,
          url: '',
          authProvider: 'kubeconfig',
          skipTLSVerify: false,
        },
      ]
    : [];
  const fromConfig = methods
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? [])
    .map(cluster => ({
      name: cluster.getString('name'),
      url: cluster.getString('url'),
      authProvider:
        cluster.getOptionalString('authProvider') ?? 'serviceAccount',
      serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
      caData: cluster.getOptionalString('caData'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    }));
  return [...fromKubeconfig, ...fromConfig];
}
