import { createHash } from 'crypto';
import { buildingBlocksConfig } from '../__testUtils__/buildingBlocksConfig';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { jupyterClient } from '../__testUtils__/jupyterClient';
import { startRuntimeTestBackend } from '../__testUtils__/kubernetesTestCluster';
import {
  openRealJupyterLab,
  REAL_JUPYTERLAB,
} from '../__testUtils__/realTools';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { ToolSession } from '../__testUtils__/toolSession';

jest.setTimeout(300_000);

const databases = createTestDatabases();
// One database: what is tested here is the tool behind the proxy.
const [[databaseId]] = databases.eachSupportedId();

/*
 * A real JupyterLab (the Jupyter Docker Stacks image, run by kube-local's
 * process runtime from the jupyter venv of scripts/runtimes.sh) behind the
 * backend's tool proxy: its UI, REST API with XSRF, kernel and terminal
 * WebSockets, a 200 MB upload in chunks and its download.
 */
describe(`JupyterLab behind the tool proxy (${databaseId})`, () => {
  let backend: WorkspacesTestBackend;
  let session: ToolSession;

  beforeAll(async () => {
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId,
      workspaces: {
        environments: [...buildingBlocksConfig.environments, REAL_JUPYTERLAB],
      },
    }));
    ({ session } = await openRealJupyterLab(backend, 'bob', 'real-lab'));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('serves JupyterLab’s page under the proxy path, without Backstage’s CSP, HSTS or upgrade-insecure-requests', async () => {
    const page = await session.fetch('lab');
    expect(page.status).toBe(200);
    const html = await page.text();
    // JupyterLab knows the path it is served under (base_url)
    expect(html).toContain('jupyter-config-data');
    expect(html).toContain(`"baseUrl": "${new URL(session.base).pathname}"`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toContain("script-src 'self' 'unsafe-eval'");
    expect(page.headers.get('strict-transport-security')).toBeNull();
    // its XSRF cookie is scoped to the tool's path
    expect(session.cookies.get('_xsrf')).toBeTruthy();
  });

  it('runs a cell over the kernel WebSocket: print(6 * 7) prints 42', async () => {
    const lab = jupyterClient(session);
    expect(await lab.runCell('print(6 * 7)')).toBe('42\n');
    const { version } = await lab.api('GET', 'api');
    expect(version).toMatch(/^\d+\.\d+/);
  });

  it('opens a terminal over its WebSocket', async () => {
    const lab = jupyterClient(session);
    const { name } = await lab.api('POST', 'api/terminals');
    const socket = await session.socket(`terminals/websocket/${name}`);
    try {
      const output = new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(text)), 20_000);
        socket.on('message', data => {
          const [kind, value] = JSON.parse(String(data));
          if (kind === 'stdout') text += value;
          if (text.includes('answer=42')) {
            clearTimeout(timer);
            resolve(text);
          }
        });
      });
      // the shell's arithmetic, so the answer is not the echo of the input
      socket.send(JSON.stringify(['stdin', 'echo answer=$((6 * 7))\r']));
      expect(await output).toMatch(/answer=42/);
    } finally {
      socket.close();
      await lab.api('DELETE', `api/terminals/${name}`).catch(() => {});
    }
  });

  it('takes a 200 MB upload in chunks onto the home volume and gives the same bytes back', async () => {
    const lab = jupyterClient(session);
    const chunkSize = 1024 * 1024;
    const sent = createHash('sha256');
    function* chunks() {
      for (let i = 0; i < 200; i++) {
        const chunk = Buffer.alloc(chunkSize, i % 251);
        chunk.writeUInt32BE(i, 0);
        sent.update(chunk);
        yield chunk;
      }
    }
    await lab.upload('work/big.bin', chunks());
    const download = await lab.readFile('work/big.bin');
    const received = createHash('sha256');
    let bytes = 0;
    for await (const part of download.body as unknown as AsyncIterable<Uint8Array>) {
      received.update(part);
      bytes += part.length;
    }
    expect(bytes).toBe(200 * chunkSize);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
    expect(await lab.list('work')).toContain('big.bin');
  });
});
