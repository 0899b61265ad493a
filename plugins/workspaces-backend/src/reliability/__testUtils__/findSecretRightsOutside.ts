import {
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { createAdminKubeConfig } from '@internal/kube-local';

type Connection = { server: string; caData: string; token: string };

/** A KubeConfig that acts as the holder of `token`. */
export function kubeConfigOf(
  connection: Pick<Connection, 'server' | 'caData'>,
  token: string,
): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: 'c', server: connection.server, caData: connection.caData },
    ],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kubeConfig;
}

/**
 * Every way the holder of `token` may read Secrets outside
 * `projectNamespaces`, asked of the API server (SelfSubjectAccessReview) for
 * each other namespace of the cluster and across all namespaces, and tried
 * (a list of kube-system's Secrets). Empty when it can read none; e.g.
 * `['list secrets in kube-system', 'read kube-system secrets: 200']`.
 */
export async function findSecretRightsOutside(
  admin: Connection,
  token: string,
  projectNamespaces: string[],
): Promise<{ allowed: string[]; namespacesChecked: number }> {
  const adminCore = createAdminKubeConfig(admin).makeApiClient(CoreV1Api);
  const others = (await adminCore.listNamespace()).items
    .map(namespace => namespace.metadata!.name!)
    .filter(name => !projectNamespaces.includes(name));
  const kubeConfig = kubeConfigOf(admin, token);
  const authorization = kubeConfig.makeApiClient(AuthorizationV1Api);
  const allowed: string[] = [];
  for (const namespace of [undefined, ...others]) {
    for (const verb of ['get', 'list', 'watch']) {
      const review = await authorization.createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              verb,
              group: '',
              resource: 'secrets',
              namespace,
            },
          },
        },
      });
      if (review.status?.allowed) {
        allowed.push(
          `${verb} secrets ${
            namespace ? `in ${namespace}` : 'in all namespaces'
          }`,
        );
      }
    }
  }
  const read = await kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedSecret({ namespace: 'kube-system' })
    .then(() => 200)
    .catch(error => error.code);
  if (read !== 403) {
    allowed.push(`read kube-system secrets: ${read}`);
  }
  return { allowed, namespacesChecked: others.length };
}
