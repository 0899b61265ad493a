import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { IncomingMessage, ServerResponse } from 'http';
import httpProxy from 'http-proxy';
import { Duplex } from 'stream';
import { isWebSocketControlFrame } from './isWebSocketControlFrame';
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

  constructor(
    private readonly options: {
      connections: ToolConnections;
      auditor: AuditorService;
      logger: LoggerService;
      /** Headers added to every response of a tool. */
      responseHeaders?: Record<string, string>;
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
    this.proxy.ws(req, socket, head, this.forward(req, target, rest, search));
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
