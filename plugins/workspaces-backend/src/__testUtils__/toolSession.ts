import { request as httpRequest, Server } from 'http';
import { AddressInfo, LookupFunction } from 'net';
import { Readable } from 'stream';
import WebSocket from 'ws';

/**
 * A browser's session with a workspace tool: the connect call, the one-time
 * link exchanged for the session cookie, and then requests and WebSockets
 * with that cookie (and the cookies the tool sets, as a browser keeps them)
 * from the tool page's origin. Tools are on hosts of their own
 * (`*.tools.localhost`, which browsers resolve to loopback and Node does
 * not), so every request here dials 127.0.0.1 with the tool's Host.
 */
export interface ToolSession {
  /** The tool's address, ending with `/`. */
  base: string;
  /** The tool page's origin, sent with WebSocket upgrades. */
  origin: string;
  /** A request relative to `base`, with the cookies of the session. */
  fetch(path: string, init?: LoopbackRequestInit): Promise<Response>;
  /** A WebSocket relative to `base`, with the cookies of the session. */
  socket(path: string, protocols?: string[]): Promise<WebSocket>;
  /** The cookies the session holds (name to value). */
  cookies: Map<string, string>;
}

export interface LoopbackRequestInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string;
}

/** Resolves every name to 127.0.0.1, as browsers do for `*.localhost`. */
export const loopbackLookup: LookupFunction = (
  _hostname,
  options,
  callback,
) => {
  if ((options as { all?: boolean }).all) {
    (callback as any)(null, [{ address: '127.0.0.1', family: 4 }]);
  } else {
    callback(null, '127.0.0.1', 4);
  }
};

const NO_BODY = new Set([101, 204, 205, 304]);

/** fetch() that dials 127.0.0.1 whatever the host, and follows no redirect. */
export function loopbackFetch(
  url: string,
  init: LoopbackRequestInit = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(url),
      {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init.headers)),
        lookup: loopbackLookup,
      },
      res => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of [value].flat()) {
            if (one !== undefined) headers.append(name, one);
          }
        }
        const status = res.statusCode ?? 500;
        resolve(
          new Response(
            NO_BODY.has(status)
              ? null
              : (Readable.toWeb(res) as unknown as ReadableStream),
            { status, headers },
          ),
        );
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Opens a tool of a test backend: its server, or its base URL (a child process). */
export async function openToolSession(
  backend: Server | string,
  authorization: string,
  workspaceId: string,
  tool: string,
): Promise<ToolSession> {
  const baseUrl =
    typeof backend === 'string'
      ? backend
      : `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  const connected = await fetch(
    `${baseUrl}/api/workspaces/workspaces/${workspaceId}/tools/${tool}/connect`,
    { method: 'POST', headers: { authorization } },
  );
  if (connected.status !== 200) {
    throw new Error(
      `connect answered ${connected.status}: ${await connected.text()}`,
    );
  }
  const { url } = (await connected.json()) as { url: string };
  const opened = await loopbackFetch(url);
  if (opened.status !== 303) {
    throw new Error(`the link answered ${opened.status}`);
  }
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  keep(opened);
  const base = new URL(opened.headers.get('location')!, url).toString();
  const origin = new URL(base).origin;
  const cookieHeader = () =>
    [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    base,
    origin,
    cookies,
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookieHeader());
      // as from the tool's own page (JupyterLab checks it on downloads)
      if (!headers.has('referer')) headers.set('referer', base);
      const response = await loopbackFetch(`${base}${path}`, {
        ...init,
        headers,
      });
      keep(response);
      return response;
    },
    socket(path, protocols) {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(
          `${base.replace(/^http/, 'ws')}${path}`,
          protocols,
          {
            headers: { cookie: cookieHeader(), origin },
            lookup: loopbackLookup,
          },
        );
        socket.once('open', () => resolve(socket));
        socket.once('unexpected-response', (_req, res) =>
          reject(new Error(`WebSocket refused with ${res.statusCode}`)),
        );
        socket.once('error', reject);
      });
    },
  };
}
