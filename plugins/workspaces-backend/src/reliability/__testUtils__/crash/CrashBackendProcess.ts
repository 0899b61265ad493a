import { ChildProcess, spawn } from 'child_process';
import { closeSync, openSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { join } from 'path';
import { stringify } from 'yaml';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * The crash test's backend (crashBackend.ts) as a child process on a fixed
 * port, started again after each SIGKILL with the same config and database.
 */
export class CrashBackendProcess {
  private child?: ChildProcess;
  starts = 0;
  readonly readySeconds: number[] = [];

  private constructor(
    readonly baseUrl: string,
    private readonly configPath: string,
    private readonly logPath: string,
  ) {}

  static async create(options: {
    dir: string;
    config: Record<string, unknown>;
  }): Promise<CrashBackendProcess> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const configPath = join(options.dir, 'app-config.yaml');
    writeFileSync(
      configPath,
      stringify({
        ...options.config,
        backend: {
          ...(options.config.backend as object),
          baseUrl,
          listen: { host: '127.0.0.1', port },
        },
      }),
    );
    return new CrashBackendProcess(
      baseUrl,
      configPath,
      join(options.dir, 'backend.log'),
    );
  }

  /** Starts the backend and resolves once the user can use the project. */
  async start(): Promise<string> {
    const started = Date.now();
    const log = openSync(this.logPath, 'a');
    this.child = spawn(
      process.execPath,
      [
        resolvePackagePath(
          '@backstage-workspaces/plugin-workspaces-backend',
          'src/reliability/__testUtils__/crash/crashBackend.js',
        ),
        '--config',
        this.configPath,
      ],
      {
        stdio: ['ignore', log, log],
        env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      },
    );
    closeSync(log);
    this.starts++;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `the crash backend exited with ${this.child.exitCode}; see ${this.logPath}`,
        );
      }
      const token = await this.signIn().catch(() => undefined);
      if (token) {
        const project = await fetch(
          `${this.baseUrl}/api/workspaces/building-blocks?project=system:default/crash`,
          { headers: { authorization: `Bearer ${token}` } },
        ).catch(() => undefined);
        if (project?.status === 200) {
          this.readySeconds.push((Date.now() - started) / 1000);
          return token;
        }
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(`the crash backend did not get ready; see ${this.logPath}`);
  }

  /** A Backstage token of the test user, from the auth backend's guest provider. */
  async signIn(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (response.status !== 200) {
      throw new Error(`guest sign-in answered ${response.status}`);
    }
    const body = await response.json();
    return body.backstageIdentity.token;
  }

  /** SIGKILL: no shutdown hook runs, leases and half-done work stay behind. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([
      exited,
      new Promise(resolve => setTimeout(resolve, 10_000)),
    ]);
    await this.kill();
  }
}
