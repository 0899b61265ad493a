import { createAdminKubeConfig } from '@internal/kube-local';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { NAMESPACE_ROLE_NAME } from '../kubernetes/renderNamespaceRbac';
import { adminClients } from './kubernetesTestCluster';

/**
 * A ResourceQuota `no-more-pods` that refuses every new pod of the
 * namespace, on a control plane of the test's own. The plugin's Role there
 * loses the right to read quotas (as a Role older than that right), so a
 * start is not checked up front and admission refuses the pod later, as
 * with a quota made after the start. Returns how to delete the quota (the
 * Role stays as it is).
 */
export async function quotaRefusingPods(
  kube: Parameters<typeof createAdminKubeConfig>[0],
  namespace: string,
): Promise<{ name: string; remove(): Promise<void> }> {
  const rbac = createAdminKubeConfig(kube).makeApiClient(
    RbacAuthorizationV1Api,
  );
  const role = await rbac.readNamespacedRole({
    namespace,
    name: NAMESPACE_ROLE_NAME,
  });
  await rbac.replaceNamespacedRole({
    namespace,
    name: NAMESPACE_ROLE_NAME,
    body: {
      ...role,
      rules: role.rules!.filter(
        rule => !rule.resources?.includes('resourcequotas'),
      ),
    },
  });
  const { core } = adminClients(kube);
  const name = 'no-more-pods';
  await core.createNamespacedResourceQuota({
    namespace,
    body: { metadata: { name }, spec: { hard: { pods: '0' } } },
  });
  return {
    name,
    remove: async () => {
      await core.deleteNamespacedResourceQuota({ namespace, name });
    },
  };
}
