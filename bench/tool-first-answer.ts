import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { BenchApi } from './lib/benchApi';
import { economyProject, projectRef } from './lib/benchProjects';
import { JupyterHub } from './lib/startJupyterHub';
import { summarize, Summary } from './lib/stats';
import { loopbackFetch } from '../plugins/workspaces-backend/src/__testUtils__/toolSession';

/** The environment of bench/app-config.yaml that kube-local runs for real. */
export const REAL_NOTEBOOK = 'notebook-real';

const JUPYTER = resolve(
  __dirname,
  '..',
  '.tools',
  'runtimes',
  'jupyter',
  'bin',
  'jupyter',
);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Create to first answer: from the create call (start now) until JupyterLab
 * answers `api/status` through the plugin's tool proxy, as a user who clicks
 * Open as soon as it is allowed. One workspace at a time, deleted after.
 */
export async function measureToolFirstAnswer(
  api: BenchApi,
  count: number,
): Promise<{ product: Summary; floor: Summary }> {
  const product: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    const workspace = await api.request('POST', '/workspaces', {
      project: projectRef(economyProject),
      name: `first-answer-${i}`,
      environment: REAL_NOTEBOOK,
      compute: { preset: 'tiny' },
      dataSources: [{ id: 'home' }],
      start: true,
    });
    await firstAnswerThroughProxy(api, workspace.id, started + 300_000);
    product.push(Date.now() - started);
    await api.delete(workspace.id);
    while (await api.get(workspace.id)) await sleep(200);
  }
  const floor: number[] = [];
  for (let i = 0; i < count; i++) floor.push(await jupyterStartedDirectly());
  return { product: summarize(product), floor: summarize(floor) };
}

/**
 * The same for JupyterHub + KubeSpawner: from the user's create and spawn
 * (profile `jupyterlab`: the single-user image with the same JupyterLab,
 * run for real by kube-local, in a pod of the same size) until JupyterLab
 * answers `api/status` through the hub's proxy. One at a time; each server
 * stopped and its user deleted after.
 */
export async function measureHubFirstAnswer(
  hub: JupyterHub,
  count: number,
): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const user = `first-answer-${i}`;
    const started = Date.now();
    await hub.request('POST', `/users/${user}`);
    await hub.request('POST', `/users/${user}/server`, {
      profile: 'jupyterlab',
    });
    for (const deadline = started + 300_000; ; await sleep(50)) {
      if (Date.now() > deadline) {
        throw new Error(`hub user ${user}: JupyterLab did not answer`);
      }
      // before the proxy has the route it redirects to the hub: not yet
      const status = await hub.serverGet(user, 'api/status');
      await status.body?.cancel();
      if (status.status === 200) break;
    }
    times.push(Date.now() - started);
    await hub.request('DELETE', `/users/${user}/server`);
    for (;;) {
      const { servers } = await hub.request('GET', `/users/${user}`);
      if (!servers?.['']) break;
      await sleep(200);
    }
    await hub.request('DELETE', `/users/${user}`);
  }
  return summarize(times);
}

async function firstAnswerThroughProxy(
  api: BenchApi,
  id: string,
  deadline: number,
): Promise<void> {
  for (;;) {
    if (Date.now() > deadline) {
      throw new Error(
        `workspace ${id}: JupyterLab did not answer through the proxy`,
      );
    }
    let url: string;
    try {
      ({ url } = await api.request(
        'POST',
        `/workspaces/${id}/tools/jupyterlab/connect`,
      ));
    } catch (error) {
      if (!/: 409 /.test(String(error))) throw error; // not Running yet
      await sleep(50);
      continue;
    }
    // the tool's own host, *.tools.localhost: loopback, as a browser has it
    const opened = await loopbackFetch(url);
    const cookie = opened.headers.getSetCookie()[0]?.split(';')[0];
    const base = new URL(opened.headers.get('location') ?? '', url);
    const status = await loopbackFetch(new URL('api/status', base).href, {
      headers: { cookie: cookie ?? '' },
    });
    await status.body?.cancel();
    if (status.ok) return;
    await sleep(50);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/**
 * The floor: the same JupyterLab (the venv kube-local runs it from) started
 * directly on loopback and polled until `api/status` answers.
 */
async function jupyterStartedDirectly(): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'bench-jupyter-'));
  const port = await freePort();
  const started = Date.now();
  const child = spawn(
    JUPYTER,
    [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.base_url=/floor/',
      '--IdentityProvider.token=',
      '--allow-root', // the bench runs as root; the pods run it as uid 1000
    ],
    {
      env: { ...process.env, HOME: home },
      cwd: home,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-2000);
  });
  try {
    for (;;) {
      if (Date.now() - started > 60_000) {
        throw new Error(
          `JupyterLab started directly did not answer:\n${stderr}`,
        );
      }
      try {
        const response = await fetch(
          `http://127.0.0.1:${port}/floor/api/status`,
        );
        if (response.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    rmSync(home, { recursive: true, force: true });
  }
}
