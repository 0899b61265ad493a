import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
} from '@kubernetes/client-node';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  createAdminKubeConfig,
  createRestrictedNamespaces,
  getKubeLocal,
  kubernetesClusterConfig,
} from '@internal/kube-local';
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { renderNamespaceRbac } from '../kubernetes/renderNamespaceRbac';
import { buildingBlocksConfig } from './buildingBlocksConfig';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from './startWorkspacesTestBackend';

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
 * Prepares a control plane as a platform team would: the project namespaces
 * enforcing the restricted Pod Security Standard, deploy/rbac.yaml, and the
 * plugin's Role in each of them (deploy/namespaceRbac.ts renders the same).
 * Returns a token of the plugin's ServiceAccount, so the tests run with the
 * rights the repository ships and no more.
 */
export async function prepareTestCluster(
  connection: Connection,
  namespaces: string[],
): Promise<string> {
  const { core } = adminClients(connection);
  await createRestrictedNamespaces(connection, namespaces);
  const rbac = resolvePackagePath(
    '@backstage-workspaces/plugin-workspaces-backend',
    '../../deploy/rbac.yaml',
  );
  const manifests = [
    ...parseAllDocuments(readFileSync(rbac, 'utf8')).map(d => d.toJSON()),
    ...renderNamespaceRbac(namespaces),
  ];
  await applyManifests(connection, manifests);
  const { status } = await core.createNamespacedServiceAccountToken({
    namespace: 'backstage',
    name: 'backstage-workspaces',
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return status!.token;
}

/** Applies manifests as the tests' field manager (server-side apply), as an admin. */
export async function applyManifests(
  connection: Connection,
  manifests: KubernetesObject[],
): Promise<void> {
  const { objects } = adminClients(connection);
  for (const manifest of manifests) {
    await objects.patch(
      manifest,
      undefined,
      undefined,
      'workspaces-tests',
      true,
      PatchStrategy.ServerSideApply,
    );
  }
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

/**
 * A test backend running workspaces on a test control plane (the shared
 * one unless `kube` is given) with the role the repository ships, for the
 * `vision` project: `prepareTestCluster`, then `runtimeTestConfig` with
 * `workspaces` changes.
 */
export async function startRuntimeTestBackend(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  kube?: Connection;
  workspaces?: Record<string, unknown>;
  clock?: Parameters<typeof startWorkspacesTestBackend>[0]['clock'];
  /** The same map for a backend started again on the same database. */
  sharedDatabases?: Parameters<
    typeof startWorkspacesTestBackend
  >[0]['sharedDatabases'];
}): Promise<{ backend: WorkspacesTestBackend; token: string }> {
  const kube = options.kube ?? getKubeLocal();
  const token = await prepareTestCluster(kube, ['vision']);
  const backend = await startWorkspacesTestBackend({
    databases: options.databases,
    databaseId: options.databaseId,
    clock: options.clock,
    sharedDatabases: options.sharedDatabases,
    config: runtimeTestConfig(kube, token, options.workspaces),
  });
  return { backend, token };
}
