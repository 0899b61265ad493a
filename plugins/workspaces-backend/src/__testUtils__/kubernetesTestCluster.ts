import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
} from '@kubernetes/client-node';
import {
  createAdminKubeConfig,
  createRestrictedNamespaces,
  kubernetesClusterConfig,
} from '@internal/kube-local';
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { buildingBlocksConfig } from './buildingBlocksConfig';

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
  await createRestrictedNamespaces(connection, namespaces);
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

/**
 * The app config of a test backend that runs workspaces on a test control
 * plane: the test building blocks (with `workspaces` changes on top), a
 * sweep every second, and the cluster reached with `token`.
 */
export function runtimeTestConfig(
  connection: Pick<Connection, 'server' | 'caData'>,
  token: string,
  workspaces: Record<string, unknown> = {},
) {
  return {
    workspaces: {
      ...buildingBlocksConfig,
      encryptionKey: 'test-encryption-key-of-some-length',
      kubernetes: { sweepIntervalSeconds: 1 },
      ...workspaces,
    },
    kubernetes: kubernetesClusterConfig(connection, token),
  };
}
