import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KubeLocalConnection } from './KubeLocal';

/**
 * Reads how to reach the control plane of a data directory from the files
 * kube-local writes before it prints its ready line: `state.json` (server,
 * control endpoint, pid) and the admin kubeconfig (CA and token).
 *
 * The files stay after the process is gone, so this says nothing about
 * whether it is still running (see isKubeLocalRunning).
 */
export async function readKubeLocalConnection(
  dataDir: string,
): Promise<KubeLocalConnection> {
  const statePath = join(dataDir, 'state.json');
  const state = JSON.parse(await readFile(statePath, 'utf8'));
  const kubeconfigPath: string = state.kubeconfig;
  const kubeconfig = parse(await readFile(kubeconfigPath, 'utf8'));
  const caData: unknown =
    kubeconfig?.clusters?.[0]?.cluster?.['certificate-authority-data'];
  const token: unknown = kubeconfig?.users?.[0]?.user?.token;
  if (typeof caData !== 'string' || typeof token !== 'string') {
    throw new Error(
      `kube-local: ${kubeconfigPath} has no certificate-authority-data or token`,
    );
  }
  if (!state.controlURL) {
    // Started without --control-port: the outage helpers would not work.
    throw new Error(`kube-local: ${statePath} has no controlURL`);
  }
  return {
    server: state.server,
    kubeconfigPath,
    caData,
    token,
    controlUrl: state.controlURL,
    dataDir: state.dataDir ?? dataDir,
    pid: state.pid,
    addressBlock: state.addressBlock ?? '',
  };
}
