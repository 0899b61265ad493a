import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { createKubernetesRuntime } from '../kubernetes/createKubernetesRuntime';
import { KubernetesWorkspaceRuntime } from '../kubernetes/KubernetesWorkspaceRuntime';
import { readWorkspacesConfig } from '../readWorkspacesConfig';
import { toolAddressingOf } from '../tools/toolAddressing';
import { SecretCipher } from '../workspaces/SecretCipher';
import { runtimeTestConfig } from './kubernetesTestCluster';

/**
 * A Kubernetes runtime on the database of a test backend, made as the
 * backend makes its own from `runtimeTestConfig(kube, token, workspaces)`,
 * but driven by the test: no scheduler sweeps it, and it is not started.
 */
export async function createTestRuntime(options: {
  kube: Parameters<typeof runtimeTestConfig>[0];
  token: string;
  knex: Knex;
  workspaces?: Record<string, unknown>;
}): Promise<KubernetesWorkspaceRuntime> {
  const config = new ConfigReader(
    runtimeTestConfig(options.kube, options.token, options.workspaces),
  );
  const settings = readWorkspacesConfig(config, 'http://127.0.0.1');
  return createKubernetesRuntime({
    settings: settings.kubernetes,
    clusters: settings.clusters,
    knex: options.knex,
    buildingBlocks: await BuildingBlockCatalog.create({
      config: settings.buildingBlocks,
      providers: [],
    }),
    cipher: new SecretCipher(settings.encryptionKey),
    logger: mockServices.logger.mock(),
    toolAddressing: toolAddressingOf(settings.tools, 'http://127.0.0.1'),
  });
}
