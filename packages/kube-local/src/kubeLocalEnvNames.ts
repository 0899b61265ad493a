import { KubeLocalConnection } from './KubeLocal';

/**
 * Environment variables through which the Jest global setup hands the shared
 * control plane to the test workers (process.env is the only thing Jest
 * copies from the global setup into the workers).
 */
export const kubeLocalEnvNames = {
  server: 'KUBE_LOCAL_SERVER',
  kubeconfigPath: 'KUBE_LOCAL_KUBECONFIG',
  caData: 'KUBE_LOCAL_CA_DATA',
  token: 'KUBE_LOCAL_TOKEN',
  controlUrl: 'KUBE_LOCAL_CONTROL_URL',
  dataDir: 'KUBE_LOCAL_DATA_DIR',
  pid: 'KUBE_LOCAL_PID',
  addressBlock: 'KUBE_LOCAL_ADDRESS_BLOCK',
} as const satisfies Record<keyof KubeLocalConnection, string>;
