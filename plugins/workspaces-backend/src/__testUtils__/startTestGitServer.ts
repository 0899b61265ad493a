import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

/** A private git repository served over HTTP on loopback, for tests. */
export interface TestGitServer {
  /** The repository's URL, e.g. http://127.0.0.1:PORT/private.git */
  url: string;
  /** Fetches answered with the right token. */
  authorizedRequests: number;
  /** Requests refused for a missing or wrong token. */
  refusedRequests: number;
  /** Accepts `token` from now on, and no longer the one before (a rotation). */
  setToken(token: string): void;
  stop(): Promise<void>;
}

/**
 * Serves a bare repository with one file (`README.md` saying `content`)
 * through git's own `http-backend`, and only to a client that sends
 * `username` and `token` as HTTP basic auth: others get 401, as a private
 * repository of a git host answers. Listens on 127.0.0.1 only.
 */
export async function startTestGitServer(options: {
  username: string;
  token: string;
  content: string;
}): Promise<TestGitServer> {
  const root = mkdtempSync(join(tmpdir(), 'workspaces-git-'));
  const work = join(root, 'work');
  const git = (args: string[], cwd = root) =>
    execFileSync('git', args, { cwd, stdio: 'pipe' });
  git(['init', '-q', '-b', 'main', work]);
  writeFileSync(join(work, 'README.md'), options.content);
  git(['add', 'README.md'], work);
  git(
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@localhost',
      'commit',
      '-q',
      '-m',
      'private',
    ],
    work,
  );
  git(['clone', '-q', '--bare', work, join(root, 'private.git')]);

  const basic = (token: string) =>
    `Basic ${Buffer.from(`${options.username}:${token}`).toString('base64')}`;
  let expected = basic(options.token);
  const state = { authorizedRequests: 0, refusedRequests: 0 };
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      state.refusedRequests += 1;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"' });
      res.end('a token is needed\n');
      return;
    }
    state.authorizedRequests += 1;
    const url = new URL(req.url!, 'http://localhost');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: options.username,
        ...(req.headers['content-encoding'] && {
          HTTP_CONTENT_ENCODING: req.headers['content-encoding'],
        }),
        ...(req.headers['git-protocol'] && {
          GIT_PROTOCOL: String(req.headers['git-protocol']),
        }),
      },
    });
    req.pipe(cgi.stdin);
    // the CGI's headers, up to the empty line, then its body as it comes
    let head = Buffer.alloc(0);
    let headersSent = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/private.git`,
    get authorizedRequests() {
      return state.authorizedRequests;
    },
    get refusedRequests() {
      return state.refusedRequests;
    },
    setToken: token => {
      expected = basic(token);
    },
    stop: async () => {
      await new Promise(resolve => server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
