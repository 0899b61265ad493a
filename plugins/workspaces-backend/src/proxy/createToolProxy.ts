import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { IncomingMessage, Server, ServerResponse } from 'http';
import httpProxy from 'http-proxy';
import { Duplex } from 'stream';
import {
  TOOL_LINK_PARAM,
  ToolConnections,
  ToolTarget,
} from './ToolConnections';
import { isWebSocketControlFrame } from './isWebSocketControlFrame';
import {
  parseCookies,
  stripBackstageCredentials,
  TOOL_SESSION_COOKIE,
  toolSessionCookie,
} from './toolRequestHeaders';

export interface ToolProxyOptions {
  connections: ToolConnections;
  auditor: AuditorService;
  logger: LoggerService;
  /** Where the plugin's routes are mounted in the server, e.g. `/api/workspaces`. */
  mountPath: string;
  /** The origin browsers reach the backend at; WebSocket upgrades from others are refused. */
  externalOrigin: string;
}

const toolPath = /^\/connect\/([^/?#]+)\/([^/?#]+)(\/[^?#]*)?$/;

/**
 * Headers Backstage sets on every response of its server (helmet) that are
 * about Backstage's own pages: its Content-Security-Policy (with
 * upgrade-insecure-requests), HSTS and cross-origin isolation. A tool's page
 * is the tool's: it gets the tool's headers of these names, or none.
 */
const backstagePageHeaders = [
  'content-security-policy',
  'strict-transport-security',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
];

const statusByError: Record<string, [number, string]> = {
  AuthenticationError: [401, 'Unauthorized'],
  NotAllowedError: [403, 'Forbidden'],
  NotFoundError: [404, 'Not Found'],
  ConflictError: [409, 'Conflict'],
  ServiceUnavailableError: [503, 'Service Unavailable'],
};

/**
 * The proxy to workspace tools, under `/connect/:workspaceId/:tool/`:
 * exchanges one-time links for session cookies, authorizes every request and
 * WebSocket upgrade, strips Backstage's credentials, and forwards to the
 * workspace's pod. Backstage routes WebSocket upgrades by exact path only,
 * while tools open them at paths of their own (e.g. JupyterLab's kernel
 * channels), so the proxy listens to the server's upgrades itself, from the
 * first request it serves on.
 */
export function createToolProxy(options: ToolProxyOptions): express.Router {
  const { connections, auditor, logger } = options;
  const proxy = httpProxy.createProxyServer({ xfwd: true, ws: true });
  const secureCookies = options.externalOrigin.startsWith('https:');
  const upgradePrefix = `${options.mountPath}/connect/`;
  const servers = new WeakSet<Server>();

  proxy.on('error', (error, _req, resOrSocket) => {
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

  const forward = (
    req: IncomingMessage,
    target: ToolTarget,
    rest: string,
    search: string,
  ) => {
    stripBackstageCredentials(req);
    req.url = `${target.servePath}${rest.replace(/^\//, '')}${search}`;
    void connections
      .recordActivity(target.workspace.id)
      .catch(error =>
        logger.warn(`Recording activity failed: ${error?.message ?? error}`),
      );
    return {
      target: target.origin,
      // cookies a tool sets stay with that tool
      cookiePathRewrite: target.externalPath,
      ...(target.tool.type === 'rstudio' && {
        headers: {
          'X-RStudio-Root-Path': target.externalPath.replace(/\/$/, ''),
        },
      }),
    };
  };

  const audit = async (
    eventId: string,
    target: { session: { userRef: string }; workspace: { id: string } },
    tool: string,
  ) => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'low',
      meta: {
        user: target.session.userRef,
        workspaceId: target.workspace.id,
        tool,
      },
    });
    await event.success();
  };

  const onUpgrade = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => {
    const url = new URL(req.url ?? '/', 'http://upgrade');
    const match = url.pathname.slice(options.mountPath.length).match(toolPath);
    const refuse = (status: number, text: string) =>
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        () => socket.destroy(),
      );
    if (!match) {
      refuse(404, 'Not Found');
      return;
    }
    // a cookie is ambient authority: refuse pages of other origins
    const origin = req.headers.origin;
    if (origin && origin !== options.externalOrigin) {
      refuse(403, 'Forbidden');
      return;
    }
    const [, workspaceId, tool, rest = '/'] = match;
    try {
      const cookie = parseCookies(req.headers.cookie).get(TOOL_SESSION_COOKIE);
      const target = await connections.authorize(cookie, workspaceId, tool);
      await audit('workspace-tool-websocket', target, tool);
      socket.on('data', (chunk: Buffer) => {
        // a browser's answers to the tool's pings are not use of it
        if (!isWebSocketControlFrame(chunk)) {
          void connections.recordActivity(workspaceId).catch(() => {});
        }
      });
      proxy.ws(req, socket, head, forward(req, target, rest, url.search));
    } catch (error) {
      const [status, text] = (isError(error) && statusByError[error.name]) || [
        500,
        'Internal Server Error',
      ];
      if (status === 500) {
        logger.error(`Tool WebSocket upgrade failed: ${error}`);
      }
      refuse(status, text);
    }
  };

  const listenForUpgrades = (server: Server | undefined) => {
    if (!server || servers.has(server)) {
      return;
    }
    servers.add(server);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head) => {
      if (req.url?.startsWith(upgradePrefix)) {
        void onUpgrade(req, socket, head);
      } else if (server.listenerCount('upgrade') === 1) {
        // nobody else will answer it
        socket.end(
          'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
          () => socket.destroy(),
        );
      }
    });
  };

  const router = Router();
  router.use((req, _res, next) => {
    listenForUpgrades((req.socket as unknown as { server?: Server }).server);
    next();
  });

  router.all(toolPath, async (req, res) => {
    const [workspaceId, tool, rest] = [
      req.params[0],
      req.params[1],
      req.params[2] as string | undefined,
    ];
    const url = new URL(req.originalUrl, 'http://request');
    const externalBase = `${connections.connectBasePath}/${workspaceId}/${tool}/`;
    if (rest === undefined) {
      res.redirect(307, `${externalBase}${url.search}`);
      return;
    }
    const cookie = parseCookies(req.headers.cookie).get(TOOL_SESSION_COOKIE);
    const link = url.searchParams.get(TOOL_LINK_PARAM);
    if (link !== null) {
      url.searchParams.delete(TOOL_LINK_PARAM);
      const withoutLink = `${url.pathname}${url.search}`;
      const current = cookie
        ? await connections
            .authorize(cookie, workspaceId, tool)
            .catch(() => undefined)
        : undefined;
      if (!current) {
        const { session, cookieSecret } = await connections.exchangeLink(
          link,
          workspaceId,
          tool,
        );
        res.setHeader(
          'Set-Cookie',
          toolSessionCookie({
            secret: cookieSecret,
            path: externalBase,
            // the server ends idle sessions; the cookie lasts as long as
            // the session may, so it is never issued again
            maxAgeSeconds: (session.maxExpiresAt.getTime() - Date.now()) / 1000,
            secure: secureCookies,
          }),
        );
        await audit(
          'workspace-tool-session',
          { session, workspace: { id: workspaceId } },
          tool,
        );
      }
      // the link leaves the address bar and the browser history
      res.redirect(303, withoutLink);
      return;
    }
    const target = await connections.authorize(cookie, workspaceId, tool);
    for (const header of backstagePageHeaders) {
      res.removeHeader(header);
    }
    proxy.web(req, res, forward(req, target, rest, url.search));
  });

  return router;
}
