import { TestDatabases } from '@backstage/backend-test-utils';
import { runtimeTestConfig } from '../../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../../__testUtils__/startWorkspacesTestBackend';
import { AuditedCluster, startAuditedCluster } from './startAuditedCluster';

/**
 * One backend on a control plane of its own, whose audit log holds every
 * request of the plugin: a test counts the plugin's Kubernetes requests
 * (and tells its deletes from the garbage collector's).
 */
export async function startAuditedBackend(options: {
  databases: TestDatabases;
  databaseId: Parameters<TestDatabases['init']>[0];
  namespaces: string[];
  /** Changes to the `workspaces` config (see runtimeTestConfig). */
  workspaces?: Record<string, unknown>;
}): Promise<{
  cluster: AuditedCluster;
  backend: WorkspacesTestBackend;
  stop(): Promise<void>;
}> {
  const cluster = await startAuditedCluster(options.namespaces);
  const backend = await startWorkspacesTestBackend({
    databases: options.databases,
    databaseId: options.databaseId,
    config: runtimeTestConfig(
      cluster.kube,
      await cluster.pluginToken(),
      options.workspaces,
    ),
  }).catch(async error => {
    await cluster.stop();
    throw error;
  });
  return {
    cluster,
    backend,
    stop: async () => {
      await backend.stop();
      await cluster.stop();
    },
  };
}
