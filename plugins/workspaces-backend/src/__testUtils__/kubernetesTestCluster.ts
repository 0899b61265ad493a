import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
} from '@kubernetes/client-node';
import { createAdminKubeConfig } from '@internal/kube-local';
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';

type Connection = { server: string; caData: string; token: string };

/** Admin clients of a test control plane, for the tests' own checks. */
export function adminClients(connection: Connection) {
  const kubeConfig = createAdminKubeConfig(connection);
  return {
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    networking: kubeConfig.makeApiClient(NetworkingV1Api),
  };
}

/**
 * Prepares a control plane as a platform team would: the project namespace
 * enforcing the restricted Pod Security Standard, and deploy/rbac.yaml.
 * Returns a token of the plugin's ServiceAccount, so the tests run with the
 * rights the repository ships and no more.
 */
export async function prepareTestCluster(
  connection: Connection,
  namespaces: string[],
): Promise<string> {
  const { objects, core } = adminClients(connection);
  for (const name of namespaces) {
    await core
      .createNamespace({
        body: {
          metadata: {
            name,
            labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
          },
        },
      })
      .catch(() => undefined);
  }
  const rbac = resolvePackagePath(
    '@backstage-workspaces/plugin-workspaces-backend',
    '../../deploy/rbac.yaml',
  );
  for (const document of parseAllDocuments(readFileSync(rbac, 'utf8'))) {
    await objects.patch(
      document.toJSON(),
      undefined,
      undefined,
      'workspaces-tests',
      true,
      PatchStrategy.ServerSideApply,
    );
  }
  const { status } = await core.createNamespacedServiceAccountToken({
    namespace: 'backstage',
    name: 'backstage-workspaces',
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return status!.token;
}

/** The `kubernetes:` config of the plugin for a test control plane. */
export function kubernetesConfig(connection: Connection, token: string) {
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
          },
        ],
      },
    ],
  };
}
