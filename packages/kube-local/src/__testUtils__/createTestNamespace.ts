import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';

/**
 * Creates a namespace with a unique name that enforces the `restricted` Pod
 * Security Standard, so test files sharing the control plane never see each
 * other's objects. Returns its name and a cleanup function.
 */
export async function createTestNamespace(core: CoreV1Api, prefix: string) {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({
    body: {
      metadata: {
        name,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
  });
  return {
    name,
    // Not awaited to completion: the namespace controller finishes in the
    // background and the control plane is thrown away after the run.
    remove: () => core.deleteNamespace({ name }).then(() => {}),
  };
}
