import { readFileSync } from 'node:fs';
import { getKubeLocal } from './getKubeLocal';
import { isProcessAlive } from './isProcessAlive';
import { kubeLocalEnvNames } from './kubeLocalEnvNames';

describe('getKubeLocal', () => {
  it('returns the shared control plane started by the global setup', () => {
    const kubeLocal = getKubeLocal();
    expect(kubeLocal.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(isProcessAlive(kubeLocal.pid)).toBe(true);
    expect(readFileSync(kubeLocal.kubeconfigPath, 'utf8')).toContain(
      `server: ${kubeLocal.server}`,
    );
  });

  it('says how to wire the global setup when it did not run', () => {
    const saved = process.env[kubeLocalEnvNames.server];
    delete process.env[kubeLocalEnvNames.server];
    try {
      expect(() => getKubeLocal()).toThrow(
        /KUBE_LOCAL_SERVER not set[^]*"globalSetup": "@internal\/kube-local\/src\/jest\/globalSetup.ts"/,
      );
    } finally {
      process.env[kubeLocalEnvNames.server] = saved;
    }
  });
});
