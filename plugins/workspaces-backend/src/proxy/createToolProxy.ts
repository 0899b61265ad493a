import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { IncomingMessage, Server } from 'http';
import { Duplex } from 'stream';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { TOOL_LINK_PARAM, ToolConnections } from './ToolConnections';
import { refuseUpgrade, statusOf, ToolForwarder } from './ToolForwarder';
import {
  parseCookies,
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
  /** Counts the open WebSockets. */
  metrics?: WorkspacesMetrics;
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

/**
 * Path mode (`workspaces.tools.mode: path`, an opt-in): the proxy to
 * workspace tools under `/connect/:workspaceId/:tool/` of the backend's own
 * origin. Exchanges one-time links for session cookies scoped to the tool's
 * path, authorizes every request and WebSocket upgrade, and forwards them.
 * Backstage routes WebSocket upgrades by exact path only, while tools open
 * them at paths of their own (e.g. JupyterLab's kernel channels), so the
 * proxy listens to the server's upgrades itself, from the first request it
 * serves on.
 */
export function createToolProxy(options: ToolProxyOptions): express.Router {
  const { connections, logger } = options;
  const forwarder = new ToolForwarder(options);
  const secureCookies = options.externalOrigin.startsWith('https:');
  const upgradePrefix = `${options.mountPath}/connect/`;
  const servers = new WeakSet<Server>();

  const onUpgrade = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => {
    const url = new URL(req.url ?? '/', 'http://upgrade');
    const match = url.pathname.slice(options.mountPath.length).match(toolPath);
    if (!match) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    // a cookie is ambient authority: refuse pages of other origins
    const origin = req.headers.origin;
    if (origin && origin !== options.externalOrigin) {
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    const [, workspaceId, tool, rest = '/'] = match;
    try {
      const cookie = parseCookies(req.headers.cookie).get(TOOL_SESSION_COOKIE);
      const target = await connections.authorize(cookie, workspaceId, tool);
      await forwarder.ws(req, socket, head, target, rest, url.search);
    } catch (error) {
      const [status, text] = statusOf(error);
      if (status === 500) {
        logger.error(`Tool WebSocket upgrade failed: ${error}`);
      }
      refuseUpgrade(socket, status, text);
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
        refuseUpgrade(socket, 404, 'Not Found');
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
        await forwarder.audit(
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
    forwarder.web(req, res, target, rest, url.search);
  });

  return router;
}
