import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasKubernetesClusters } from './hasKubernetesClusters';

describe('hasKubernetesClusters', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'has-clusters-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const check = async (yaml: string) => {
    const path = join(dir, 'app-config.local.yaml');
    await writeFile(path, yaml);
    return hasKubernetesClusters(path);
  };

  it('is false for a missing file or one without clusters', async () => {
    await expect(
      hasKubernetesClusters(join(dir, 'missing.yaml')),
    ).resolves.toBe(false);
    await expect(check('app:\n  title: x\n')).resolves.toBe(false);
    await expect(check('')).resolves.toBe(false);
    await expect(
      check(
        'kubernetes:\n  clusterLocatorMethods:\n    - type: config\n      clusters: []\n',
      ),
    ).resolves.toBe(false);
  });

  it('is true for configured clusters or another locator', async () => {
    await expect(
      check(
        'kubernetes:\n  clusterLocatorMethods:\n    - type: config\n      clusters:\n        - name: x\n          url: https://k8s\n',
      ),
    ).resolves.toBe(true);
    await expect(
      check(
        'kubernetes:\n  clusterLocatorMethods:\n    - type: localKubectlProxy\n',
      ),
    ).resolves.toBe(true);
  });
});
