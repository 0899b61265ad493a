import { ChildProcess, spawn } from 'child_process';
import { closeSync, openSync, writeFileSync } from 'fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { join } from 'path';
import { stringify } from 'yaml';
import { freePort } from '../freePort';

/**
 * The tests' production-shaped backend (backendMain.ts), or the shipped one
 * (packages/backend, with `main: 'shipped'`), as a child process on a port of
 * its own, which a test may SIGKILL and start again with the same config and
 * database.
 */
export class BackendProcess {
  private child?: ChildProcess;
  starts = 0;
  readonly readySeconds: number[] = [];

  private constructor(
    readonly baseUrl: string,
    private readonly configPath: string,
    readonly logPath: string,
    private readonly main: string,
  ) {}

  static async create(options: {
    dir: string;
    config: Record<string, unknown>;
    /** `shipped`: packages/backend/src/index.ts; `tests` (default): backendMain.ts. */
    main?: 'tests' | 'shipped';
  }): Promise<BackendProcess> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const configPath = join(options.dir, 'app-config.yaml');
    const workspaces = (options.config.workspaces ?? {}) as {
      tools?: object;
    };
    writeFileSync(
      configPath,
      stringify({
        // the app served by the backend, unless the test says otherwise
        app: { baseUrl },
        ...options.config,
        workspaces: {
          ...workspaces,
          // the tool listener on a port of its own, the same on every restart
          tools: {
            listen: { host: '127.0.0.1', port: await freePort() },
            ...workspaces.tools,
          },
        },
        backend: {
          ...(options.config.backend as object),
          baseUrl,
          listen: { host: '127.0.0.1', port },
        },
      }),
    );
    return new BackendProcess(
      baseUrl,
      configPath,
      join(options.dir, 'backend.log'),
      options.main === 'shipped' ? 'shippedBackendMain.js' : 'backendMain.js',
    );
  }

  /**
   * Starts the backend and resolves with what `ready` gives once it gives
   * something (it is asked again until then).
   */
  async start<T>(ready: () => Promise<T | undefined>): Promise<T> {
    const started = Date.now();
    const log = openSync(this.logPath, 'a');
    this.child = spawn(
      process.execPath,
      [
        resolvePackagePath(
          '@backstage-workspaces/plugin-workspaces-backend',
          `src/__testUtils__/backendProcess/${this.main}`,
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
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `the backend exited with ${this.child.exitCode}; see ${this.logPath}`,
        );
      }
      let result: T | undefined;
      try {
        result = await ready();
      } catch (error) {
        lastError = error;
      }
      if (result !== undefined) {
        this.readySeconds.push((Date.now() - started) / 1000);
        return result;
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(
      `the backend did not get ready (last: ${lastError}); see ${this.logPath}`,
    );
  }

  /** A Backstage token from the auth backend's guest provider. */
  async signInAsGuest(): Promise<string> {
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
