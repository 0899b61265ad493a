/**
 * Starts the local Kubernetes control plane of `tools/kube-local` for tests
 * and the demo.
 *
 * @packageDocumentation
 */

export type {
  KubeLocal,
  KubeLocalApiServerControl,
  KubeLocalConnection,
} from './KubeLocal';
export { createAuditLog } from './auditLog';
export type { AuditEvent, AuditLog } from './auditLog';
export { connectKubeLocal } from './connectKubeLocal';
export { createAdminKubeConfig } from './createAdminKubeConfig';
export { createRestrictedNamespaces } from './createRestrictedNamespaces';
export { ensureKubeLocalBinary } from './ensureKubeLocalBinary';
export {
  findNonLoopbackAddresses,
  isLoopbackAddress,
} from './findNonLoopbackAddresses';
export type { NonLoopbackAddress } from './findNonLoopbackAddresses';
export { getKubeLocal } from './getKubeLocal';
export { hasKubernetesClusters } from './hasKubernetesClusters';
export { isKubeLocalRunning } from './isKubeLocalRunning';
export { kubeLocalEnvNames } from './kubeLocalEnvNames';
export { kubernetesClusterConfig } from './kubernetesClusterConfig';
export { startDemoCluster } from './startDemoCluster';
export { defaultRuntimesFile, startKubeLocal } from './startKubeLocal';
export type { StartKubeLocalOptions } from './startKubeLocal';
export { writeDemoAppConfig } from './writeDemoAppConfig';
export {
  launchLoopbackChromium,
  LOOPBACK_ONLY_CHROMIUM_ARGS,
} from './launchLoopbackChromium';
