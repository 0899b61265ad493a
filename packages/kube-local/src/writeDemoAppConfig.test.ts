import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { writeDemoAppConfig } from './writeDemoAppConfig';

describe('writeDemoAppConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('points the Kubernetes config at the cluster, readable by its owner only', async () => {
    const path = join(dir, 'sub', 'app-config.kubernetes.yaml');
    await writeDemoAppConfig(path, {
      server: 'https://127.0.0.1:1234',
      caData: 'Q0E=',
      token: 'secret',
    });
    expect(parse(await readFile(path, 'utf8'))).toEqual({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: 'https://127.0.0.1:1234',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'secret',
                caData: 'Q0E=',
                skipMetricsLookup: true,
              },
            ],
          },
        ],
      },
    });
    // It holds a token.
    expect((await stat(path)).mode & 0o077).toBe(0);
  });
});
