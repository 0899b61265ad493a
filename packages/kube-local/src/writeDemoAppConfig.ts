import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { KubeLocalConnection } from './KubeLocal';
import { kubernetesClusterConfig } from './kubernetesClusterConfig';

/**
 * Writes a Backstage config file that points the Kubernetes plugins (and the
 * workspaces backend, which reads the same clusters) at a kube-local cluster
 * named `local`.
 *
 * It uses the admin token for now; a least-privilege service account
 * replaces it later. Arrays replace each other when Backstage merges config
 * files, so this list wins over the empty one of app-config.yaml.
 */
export async function writeDemoAppConfig(
  path: string,
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
): Promise<void> {
  const config = {
    kubernetes: kubernetesClusterConfig(connection, connection.token),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(
    path,
    `# Written by packages/kube-local/bin/demo-cluster.js: the local demo cluster.\n` +
      `# Regenerated on each start (the port changes); do not edit.\n${stringify(
        config,
        { lineWidth: 0 },
      )}`,
    { mode: 0o600 },
  );
}
