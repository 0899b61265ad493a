import { CoreV1Api } from '@kubernetes/client-node';
import { createAdminKubeConfig } from './createAdminKubeConfig';
import { KubeLocalConnection } from './KubeLocal';

/**
 * Creates namespaces that enforce the restricted Pod Security Standard, as a
 * careful platform team would for its projects. Existing ones are left alone.
 */
export async function createRestrictedNamespaces(
  connection: Pick<KubeLocalConnection, 'server' | 'caData' | 'token'>,
  names: string[],
): Promise<void> {
  const core = createAdminKubeConfig(connection).makeApiClient(CoreV1Api);
  for (const name of names) {
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
}
