import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { createRestrictedNamespaces } from './createRestrictedNamespaces';
import { KubeLocalConnection } from './KubeLocal';

const namespaceAnnotation = 'backstage.io/kubernetes-namespace';

/**
 * Creates the namespaces of the demo catalog's projects (platform teams
 * create them in a real cluster), restricted like any project namespace.
 */
export async function createDemoNamespaces(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
  catalogFile: string,
): Promise<string[]> {
  const namespaces = parseAllDocuments(await readFile(catalogFile, 'utf8'))
    .map(document => document.toJSON())
    .map(entity => entity?.metadata?.annotations?.[namespaceAnnotation])
    .filter((name): name is string => typeof name === 'string');
  await createRestrictedNamespaces(connection, namespaces);
  return namespaces;
}
