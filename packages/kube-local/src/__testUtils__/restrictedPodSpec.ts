import { V1PodSpec } from '@kubernetes/client-node';

/**
 * A pod spec that passes the `restricted` Pod Security Standard, which the
 * test namespaces enforce (as the workspaces' namespaces will).
 */
export function restrictedPodSpec(
  container: Partial<V1PodSpec['containers'][number]> = {},
  spec: Partial<V1PodSpec> = {},
): V1PodSpec {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...spec,
    containers: [
      {
        name: 'app',
        image: 'registry.example/app:1.0',
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        ...container,
      },
    ],
  };
}
