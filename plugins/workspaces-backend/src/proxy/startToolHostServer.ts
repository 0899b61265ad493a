import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { Duplex } from 'stream';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { ToolListenOptions } from '../tools/toolAddressing';
import {
  HANDOFF_PATH,
  TOOL_LINK_PARAM,
  ToolConnections,
} from './ToolConnections';
import { refuseUpgrade, statusOf, ToolForwarder } from './ToolForwarder';
import {
  parseCookies,
  toolSessionCookie,
  toolSessionCookieName,
} from './toolRequestHeaders';

export interface ToolHostServer {
  /** The port it listens on (the configured one, or the free one picked). */
  port: number;
  close(): Promise<void>;
}

/**
 * Host mode (the default): serves every workspace tool on a host of its own
 * (`workspaces.tools.baseUrl`, e.g. `https://jupyterlab--lab--fraud.tools.example.com`),
 * on a listener of its own, apart from Backstage's routes:
 *
 * - `GET /__workspaces/handoff?workspaces-link=...` exchanges the one-time
 *   link of a connect call for a session cookie of that host only (no
 *   Domain; `__Host-` prefixed and Secure over HTTPS), audited, and sends the
 *   browser on to `/` without the link and without a Referer;
 * - every other request and WebSocket upgrade with that cookie is authorized
 *   again and forwarded to the tool; a cookie is good at its own tool's host
 *   only, and WebSockets only from that host's own pages.
 *
 * A tool page so shares no origin with the portal, the backend or another
 * workspace: its scripts can't read Backstage's cookies or call Backstage's
 * API as their visitor (CORS refuses the tool hosts), nor use another
 * workspace's session. Tool pages may not be framed by other origins.
 */
export async function startToolHostServer(options: {
  connections: ToolConnections;
  auditor: AuditorService;
  logger: LoggerService;
  listen: ToolListenOptions;
  /** https when the tools' URL template says so (cookies are Secure then). */
  scheme: 'http:' | 'https:';
  /** Counts the open WebSockets. */
  metrics?: WorkspacesMetrics;
}): Promise<ToolHostServer> {
  const { connections, logger, scheme } = options;
  const secure = scheme === 'https:';
  const cookieName = toolSessionCookieName(secure);
  const forwarder = new ToolForwarder({
    ...options,
    responseHeaders: {
      'content-security-policy': "frame-ancestors 'self'",
      'x-frame-options': 'SAMEORIGIN',
    },
  });
  /** The origin the browser asked for (behind a TLS proxy, the backend sees http). */
  const originOf = (req: IncomingMessage) => {
    try {
      return new URL(`${scheme}//${req.headers.host}`).origin;
    } catch {
      throw new InputError(`Invalid Host header: ${req.headers.host}`);
    }
  };

  /** The path and query asked for (`//x` is a path here, not a host). */
  const requestUrl = (req: IncomingMessage) => {
    try {
      return new URL(`http://tool.invalid${req.url ?? '/'}`);
    } catch {
      throw new InputError(`Invalid request target: ${req.url}`);
    }
  };

  const fail = (res: ServerResponse, error: unknown) => {
    const [status] = statusOf(error);
    if (status === 500) {
      logger.error(`Tool host request failed: ${error}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message =
      status === 500
        ? 'The request failed'
        : (error as Error).message ?? 'Refused';
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(
      JSON.stringify({ error: { name: (error as Error).name, message } }),
    );
  };

  const handoff = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) => {
    const link = url.searchParams.get(TOOL_LINK_PARAM) ?? '';
    const { session, cookieSecret } = await connections.exchangeLinkAtHost(
      link,
      originOf(req),
    );
    await forwarder.audit(
      'workspace-tool-session',
      { session, workspace: { id: session.workspaceId } },
      session.tool,
    );
    res.writeHead(303, {
      location: '/',
      'set-cookie': toolSessionCookie({
        name: cookieName,
        secret: cookieSecret,
        path: '/',
        // the server ends idle sessions; the cookie lasts as long as the
        // session may, so it is never issued again
        maxAgeSeconds: (session.maxExpiresAt.getTime() - Date.now()) / 1000,
        secure,
      }),
      // the link leaves the address bar and the history, and is never sent
      // on as a Referer
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end();
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = requestUrl(req);
      if (url.pathname === HANDOFF_PATH) {
        await handoff(req, res, url);
        return;
      }
      const origin = originOf(req);
      if (isForeignSubrequest(req, origin)) {
        throw new NotAllowedError(
          'A tool answers its own pages and top-level navigation only',
        );
      }
      const cookie = parseCookies(req.headers.cookie).get(cookieName);
      const target = await connections.authorizeAtHost(cookie, origin);
      forwarder.web(req, res, target, url.pathname, url.search);
    } catch (error) {
      fail(res, error);
    }
  };

  const onUpgrade = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => {
    try {
      // a cookie is ambient authority: only the tool's own pages
      if (req.headers.origin !== originOf(req)) {
        refuseUpgrade(socket, 403, 'Forbidden');
        return;
      }
      const url = requestUrl(req);
      const cookie = parseCookies(req.headers.cookie).get(cookieName);
      const target = await connections.authorizeAtHost(cookie, originOf(req));
      await forwarder.ws(req, socket, head, target, url.pathname, url.search);
    } catch (error) {
      const [status, text] = statusOf(error);
      if (status === 500) {
        logger.error(`Tool host WebSocket upgrade failed: ${error}`);
      }
      refuseUpgrade(socket, status, text);
    }
  };

  const server: Server = createServer((req, res) => void onRequest(req, res));
  server.on(
    'upgrade',
    (req, socket, head) => void onUpgrade(req, socket, head),
  );
  const sockets = new Set<Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host || undefined, () =>
      resolve(),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        forwarder.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * A request another site's page made with the visitor's cookie of this tool
 * host (a fetch, an image, a form post), rather than the tool's own pages or
 * the visitor going there by a link. Sibling tool hosts are the same site
 * (`*.tools.example.com`), so SameSite cookies do not keep their requests
 * out; this does, by the browser's Sec-Fetch-Site and, where a browser sends
 * none, by the Origin of a request that changes something.
 */
export function isForeignSubrequest(
  req: Pick<IncomingMessage, 'headers' | 'method'>,
  toolOrigin: string,
): boolean {
  const safe = req.method === 'GET' || req.method === 'HEAD';
  const site = req.headers['sec-fetch-site'];
  if (site) {
    // going to the tool, by a link or the address bar, is what people do
    const visit = req.headers['sec-fetch-mode'] === 'navigate' && safe;
    return site !== 'same-origin' && site !== 'none' && !visit;
  }
  const origin = req.headers.origin;
  return !safe && origin !== undefined && origin !== toolOrigin;
}
