import { Server } from 'http';
import { AddressInfo } from 'net';
import WebSocket from 'ws';

/**
 * A browser's session with a workspace tool through the backend's proxy:
 * the connect call, the one-time link exchanged for the session cookie, and
 * then requests and WebSockets with that cookie (and the cookies the tool
 * sets, as a browser keeps them), from the backend's origin.
 */
export interface ToolSession {
  /** The tool's address, ending with `/`. */
  base: string;
  /** The page's origin, sent with WebSocket upgrades. */
  origin: string;
  /** A request relative to `base`, with the cookies of the session. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A WebSocket relative to `base`, with the cookies of the session. */
  socket(path: string, protocols?: string[]): Promise<WebSocket>;
  /** The cookies the session holds (name to value). */
  cookies: Map<string, string>;
}

export async function openToolSession(
  server: Server,
  authorization: string,
  workspaceId: string,
  tool: string,
): Promise<ToolSession> {
  const port = (server.address() as AddressInfo).port;
  const connected = await fetch(
    `http://127.0.0.1:${port}/api/workspaces/workspaces/${workspaceId}/tools/${tool}/connect`,
    { method: 'POST', headers: { authorization } },
  );
  if (connected.status !== 200) {
    throw new Error(
      `connect answered ${connected.status}: ${await connected.text()}`,
    );
  }
  const { url } = (await connected.json()) as { url: string };
  // as a browser: at the backend's external address (the test backend's is
  // http://localhost:<port>), so the Host and Origin a tool sees agree
  const link = new URL(url);
  const opened = await fetch(url, { redirect: 'manual' });
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
  const cookieHeader = () =>
    [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const origin = link.origin;
  return {
    base,
    origin,
    cookies,
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookieHeader());
      // as from the tool's own page (JupyterLab checks it on downloads)
      if (!headers.has('referer')) headers.set('referer', base);
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers,
        redirect: 'manual',
      });
      keep(response);
      return response;
    },
    socket(path, protocols) {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(
          `${base.replace(/^http/, 'ws')}${path}`,
          protocols,
          { headers: { cookie: cookieHeader(), origin } },
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
