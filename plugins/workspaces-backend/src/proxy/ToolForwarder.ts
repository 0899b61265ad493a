import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { IncomingMessage, ServerResponse } from 'http';
import httpProxy from 'http-proxy';
import { Duplex } from 'stream';
import { isWebSocketControlFrame } from './isWebSocketControlFrame';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { ToolConnections, ToolTarget } from './ToolConnections';
import { stripBackstageCredentials } from './toolRequestHeaders';
import { toolTypes } from '../tools/toolTypes';

/** HTTP status of the errors authorization throws. */
export const statusByError: Record<string, [number, string]> = {
  InputError: [400, 'Bad Request'],
  AuthenticationError: [401, 'Unauthorized'],
  NotAllowedError: [403, 'Forbidden'],
  NotFoundError: [404, 'Not Found'],
  ConflictError: [409, 'Conflict'],
  ServiceUnavailableError: [503, 'Service Unavailable'],
};

/** The status of an error of authorization (500 for anything else). */
export function statusOf(error: unknown): [number, string] {
  return (
    (isError(error) && statusByError[error.name]) || [
      500,
      'Internal Server Error',
    ]
  );
}

/** Answers an upgrade request that is refused, and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, text: string) {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    () => socket.destroy(),
  );
}

/**
 * Sends authorized requests and WebSockets on to a workspace's tool, for
 * both ways of reaching tools (their own hosts, or the backend's path): the
 * request without Backstage's credentials, at the path the tool serves
 * under, its use noted as the workspace's activity, and connections audited.
 */
export class ToolForwarder {
  private readonly proxy = httpProxy.createProxyServer({
    xfwd: true,
    ws: true,
  });
  /** Open WebSockets, checked again every `revalidateIntervalMs`. */
  private readonly openSockets = new Map<Duplex, ToolTarget>();
  private revalidation?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      connections: ToolConnections;
      auditor: AuditorService;
      logger: LoggerService;
      /** Headers added to every response of a tool. */
      responseHeaders?: Record<string, string>;
      /**
       * How often open WebSockets are authorized again, and cut when their
       * session no longer grants the workspace (e.g. the user was removed
       * from the project). Default 10 s, the HTTP authorization cache's time.
       */
      revalidateIntervalMs?: number;
      /** Counts the open WebSockets. */
      metrics?: WorkspacesMetrics;
    },
  ) {
    const { logger } = options;
    this.proxy.on('proxyRes', proxyRes => {
      for (const [name, value] of Object.entries(
        options.responseHeaders ?? {},
      )) {
        // beside the tool's own: a second policy of a name is enforced too
        const own = proxyRes.headers[name];
        proxyRes.headers[name] =
          own === undefined ? value : [own, value].flat();
      }
    });
    this.proxy.on('error', (error, _req, resOrSocket) => {
      logger.warn(`Tool proxy: ${error.message}`);
      if (resOrSocket instanceof ServerResponse) {
        if (!resOrSocket.headersSent) {
          resOrSocket.writeHead(502, { 'content-type': 'application/json' });
          resOrSocket.end(
            JSON.stringify({
              error: {
                name: 'BadGatewayError',
                message: `The tool did not answer: ${error.message}`,
              },
            }),
          );
        } else {
          resOrSocket.destroy();
        }
      } else {
        (resOrSocket as Duplex).destroy();
      }
    });
  }

  /** Sends an HTTP request on; `rest` is its path below the tool's. */
  web(
    req: IncomingMessage,
    res: ServerResponse,
    target: ToolTarget,
    rest: string,
    search: string,
  ) {
    this.proxy.web(req, res, this.forward(req, target, rest, search));
  }

  /** Sends a WebSocket upgrade on, auditing it. */
  async ws(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: ToolTarget,
    rest: string,
    search: string,
  ) {
    await this.audit('workspace-tool-websocket', target, target.tool.id);
    const workspaceId = target.workspace.id;
    socket.on('data', (chunk: Buffer) => {
      // a browser's answers to the tool's pings are not use of it
      if (!isWebSocketControlFrame(chunk)) {
        void this.options.connections
          .recordActivity(workspaceId)
          .catch(() => {});
      }
    });
    this.openSockets.set(socket, target);
    const { metrics } = this.options;
    metrics?.toolConnection(1, target.tool.type);
    socket.once('close', () => {
      this.openSockets.delete(socket);
      metrics?.toolConnection(-1, target.tool.type);
    });
    this.startRevalidation();
    this.proxy.ws(req, socket, head, this.forward(req, target, rest, search));
  }

  private startRevalidation() {
    if (this.revalidation) return;
    this.revalidation = setInterval(
      () => void this.revalidate(),
      this.options.revalidateIntervalMs ?? 10_000,
    );
    this.revalidation.unref();
  }

  /**
   * Authorizes every open WebSocket again (once per session) and cuts those
   * whose session no longer grants the workspace; returns how many were cut.
   */
  async revalidate(): Promise<number> {
    const { connections, logger } = this.options;
    const bySession = new Map<string, Promise<boolean>>();
    let cut = 0;
    for (const [socket, target] of [...this.openSockets]) {
      const key = target.session.id;
      if (!bySession.has(key)) {
        bySession.set(key, connections.isStillAuthorized(target));
      }
      let allowed: boolean;
      try {
        allowed = await bySession.get(key)!;
      } catch (error) {
        // the database did not answer: keep the connection, ask next time
        logger.warn(`Could not authorize open tool connections: ${error}`);
        return cut;
      }
      if (!allowed) {
        this.openSockets.delete(socket);
        socket.destroy();
        cut++;
        await this.audit(
          'workspace-tool-websocket-cut',
          target,
          target.tool.id,
        );
      }
    }
    if (this.openSockets.size === 0 && this.revalidation) {
      clearInterval(this.revalidation);
      this.revalidation = undefined;
    }
    return cut;
  }

  /** Stops checking open connections (at shutdown). */
  close() {
    clearInterval(this.revalidation);
    this.revalidation = undefined;
  }

  /** Audits a tool connection: who, which workspace and tool (no URL). */
  async audit(
    eventId: string,
    target: { session: { userRef: string }; workspace: { id: string } },
    tool: string,
  ) {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'low',
      meta: {
        user: target.session.userRef,
        workspaceId: target.workspace.id,
        tool,
      },
    });
    await event.success();
  }

  private forward(
    req: IncomingMessage,
    target: ToolTarget,
    rest: string,
    search: string,
  ) {
    stripBackstageCredentials(req);
    req.url = `${target.servePath}${rest.replace(/^\//, '')}${search}`;
    void this.options.connections
      .recordActivity(target.workspace.id)
      .catch(error =>
        this.options.logger.warn(
          `Recording activity failed: ${error?.message ?? error}`,
        ),
      );
    return {
      target: target.origin,
      // cookies a tool sets stay with that tool
      cookiePathRewrite: target.externalPath,
      headers: toolTypes[target.tool.type].proxyHeaders?.(target.externalPath),
    };
  }
}
