import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Whether a Backstage config file defines where Kubernetes clusters are:
 * any cluster locator other than a `config` one with no clusters (the
 * placeholder of app-config.yaml). The demo start script only starts the
 * local cluster when app-config.local.yaml does not.
 */
export async function hasKubernetesClusters(
  configPath: string,
): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    return false;
  }
  const methods: unknown = parse(text)?.kubernetes?.clusterLocatorMethods;
  if (!Array.isArray(methods)) {
    return false;
  }
  return methods.some(
    method =>
      method?.type !== 'config' ||
      (Array.isArray(method.clusters) && method.clusters.length > 0),
  );
}
