import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { eventually } from './__testUtils__/eventually';
import { isKubeLocalRunning } from './isKubeLocalRunning';
import { isProcessAlive } from './isProcessAlive';
import { KubeLocal } from './KubeLocal';
import { startKubeLocal } from './startKubeLocal';

// A private control plane, not the shared one: stopping its API server must
// not break the tests running at the same time in other workers.
describe('startKubeLocal', () => {
  let kubeLocal: KubeLocal;

  beforeAll(async () => {
    kubeLocal = await startKubeLocal();
  }, 120_000);
  afterAll(() => kubeLocal?.stop(), 30_000);

  it('returns the connection the Backstage config needs', async () => {
    expect(kubeLocal.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(kubeLocal.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(kubeLocal.caData, 'base64').toString()).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
    expect(readFileSync(kubeLocal.kubeconfigPath, 'utf8')).toContain(
      kubeLocal.token,
    );
    await expect(isKubeLocalRunning(kubeLocal.dataDir)).resolves.toBe(true);

    // The token and CA (not just the kubeconfig file) reach the API server.
    const { core } = createKubeClients(kubeLocal);
    const nodes = await core.listNode();
    expect(nodes.items.map(n => n.metadata?.name).sort()).toEqual([
      'sim-cpu-0',
      'sim-gpu-0',
    ]);
  }, 30_000);

  it('stops and starts the API server on the same port, keeping the data', async () => {
    const { core } = createKubeClients(kubeLocal);
    await core.createNamespace({ body: { metadata: { name: 'outage' } } });

    await kubeLocal.stopApiServer();
    await expect(core.listNamespace()).rejects.toThrow(/ECONNREFUSED/);

    await kubeLocal.startApiServer();
    // A restarted API server can answer 403 for a moment while it loads RBAC.
    const namespace = await eventually(() =>
      core.readNamespace({ name: 'outage' }),
    );
    expect(namespace.metadata?.name).toBe('outage');
  }, 90_000);

  it('stops the whole control plane and removes its temporary directory', async () => {
    const { pid, dataDir } = kubeLocal;
    await kubeLocal.stop();
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    // afterAll stops it again: that must be harmless.
  }, 30_000);
});

describe('startKubeLocal failing', () => {
  let busy: Server;
  let dataDir: string;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>(r => busy.listen(0, '127.0.0.1', r));
    dataDir = await mkdtemp(join(tmpdir(), 'kube-local-fail-'));
  });
  afterAll(async () => {
    busy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports why kube-local exited, with the tail of its output', async () => {
    const { port } = busy.address() as { port: number };
    await expect(
      startKubeLocal({ dataDir, args: ['--port', String(port)] }),
    ).rejects.toThrow(
      new RegExp(
        `kube-local exited with code 1[^]*port 127\\.0\\.0\\.1:${port} is already in use[^]*Component logs: ${dataDir}/logs`,
      ),
    );
  }, 30_000);
});
