import { KubeConfig } from '@kubernetes/client-node';
import http from 'http';
import https from 'https';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { countingHttpLibrary } from './countingHttpLibrary';
import { KubernetesCluster } from './readKubernetesClusters';
import {
  retryingHttpLibrary,
  sendApiRequestsThrough,
} from './retryTooManyRequests';
import { TooManyRequests } from './TooManyRequests';

/**
 * client-node gives every request an agent of its own, and so a TLS
 * handshake of its own: a fifth of the backend's CPU in a CPU profile of the
 * benchmark. Requests through this config share one keep-alive agent with
 * the same TLS options instead.
 */
function withSharedConnections(kubeConfig: KubeConfig): KubeConfig {
  const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  let shared: http.Agent | undefined;
  kubeConfig.applySecurityAuthentication = async context => {
    await apply(context);
    const agent = context.getAgent();
    // proxy agents are left as they are
    const Agent = [https.Agent, http.Agent].find(
      type => agent?.constructor === type,
    );
    if (agent && Agent) {
      const { options } = agent as unknown as { options: https.AgentOptions };
      shared ??= new Agent({ ...options, keepAlive: true });
      context.setAgent(shared);
    }
  };
  return kubeConfig;
}

/**
 * A client-node KubeConfig for a cluster of the `kubernetes:` config. With
 * `tooManyRequests`, its API clients retry a request the API server
 * answered 429, after Retry-After, and count it there; with `metrics`, each
 * attempt is counted in the plugin's metrics too.
 */
export function createKubeConfig(
  cluster: KubernetesCluster,
  tooManyRequests?: TooManyRequests,
  metrics?: WorkspacesMetrics,
): KubeConfig {
  const kubeConfig = withSharedConnections(loadKubeConfig(cluster));
  const counted = metrics
    ? countingHttpLibrary({ cluster: cluster.name, metrics })
    : undefined;
  if (tooManyRequests) {
    return sendApiRequestsThrough(
      kubeConfig,
      retryingHttpLibrary({ counter: tooManyRequests, inner: counted }),
    );
  }
  return counted ? sendApiRequestsThrough(kubeConfig, counted) : kubeConfig;
}

function loadKubeConfig(cluster: KubernetesCluster): KubeConfig {
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
