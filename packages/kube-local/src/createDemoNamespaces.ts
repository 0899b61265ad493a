import { CoreV1Api } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { createAdminKubeConfig } from './createAdminKubeConfig';
import { KubeLocalConnection } from './KubeLocal';

const namespaceAnnotation = 'backstage.io/kubernetes-namespace';

/**
 * Creates the namespaces of the demo catalog's projects (platform teams
 * create them in a real cluster), enforcing the restricted Pod Security
 * Standard as a careful platform team would. Existing ones are left alone.
 */
export async function createDemoNamespaces(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
  catalogFile: string,
): Promise<string[]> {
  const namespaces = parseAllDocuments(await readFile(catalogFile, 'utf8'))
    .map(document => document.toJSON())
    .map(entity => entity?.metadata?.annotations?.[namespaceAnnotation])
    .filter((name): name is string => typeof name === 'string');
  const core = createAdminKubeConfig(connection).makeApiClient(CoreV1Api);
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
      .catch((error: { code?: number }) => {
        if (error.code !== 409) throw error;
      });
  }
  return namespaces;
}
