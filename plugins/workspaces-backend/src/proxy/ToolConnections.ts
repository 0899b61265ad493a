/*
 * Long file: one-time links, sessions and the per-request authorization
 * share the session records and their cache; apart, each would re-read what
 * the other holds.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  WorkspaceEnvironment,
  workspaceUsePermission,
  WorkspaceTool,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { randomUUID } from 'crypto';
import { ToolSession, ToolSessionStore } from '../database/ToolSessionStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspaceStore } from '../database/WorkspaceStore';
import {
  WorkspaceAuthorizer,
  workspaceNotFound,
} from '../permissions/WorkspaceAuthorizer';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import {
  externalToolPath,
  ingressToolUrl,
  toolServePath,
} from '../tools/toolPaths';
import { WorkspaceAccess } from '../workspaces/WorkspaceAccess';
import {
  ToolAddressing,
  ToolHostWorkspace,
  toolOrigin,
} from '../tools/toolAddressing';
import { hashSessionSecret, newSessionSecret } from './sessionSecrets';

/** The query parameter of a one-time link that the proxy exchanges for a cookie. */
export const TOOL_LINK_PARAM = 'workspaces-link';

/** Where a tool host takes the one-time link (host mode), out of the tools' way. */
export const HANDOFF_PATH = '/__workspaces/handoff';

export interface ToolConnectionsOptions {
  store: WorkspaceStore;
  sessions: ToolSessionStore;
  access: WorkspaceAccess;
  authorizer: WorkspaceAuthorizer;
  buildingBlocks: BuildingBlockCatalog;
  runtime?: WorkspaceRuntime;
  /** External URL of the path-mode proxy, e.g. `https://backstage.example.com/api/workspaces/connect`. */
  connectBaseUrl: string;
  /**
   * Host mode: the tool URL template (`workspaces.tools.baseUrl`) and the
   * port of the tool listener (for `{listenPort}`); without it, path mode.
   */
  toolHosts?: { urlTemplate: string; listenPort: () => number };
  /** A one-time link is valid this long. */
  linkTtlMs?: number;
  /** A session ends after this long without a request. */
  idleTimeoutMs?: number;
  /** A session ends this long after it began. */
  maxSessionMs?: number;
  /** How long a proxied request's authorization is reused. */
  authorizationCacheMs?: number;
  /** Last activity is written at most this often per workspace. */
  activityIntervalMs?: number;
  now?: () => Date;
}

/** Where a proxied request goes, and who it is for. */
export interface ToolTarget {
  session: ToolSession;
  workspace: WorkspaceRecord;
  tool: WorkspaceTool;
  /** e.g. `http://10.244.0.12:8888` */
  origin: string;
  /** The path the browser sees, e.g. `/api/workspaces/connect/<id>/jupyterlab/`. */
  externalPath: string;
  /** The path the tool serves under in its container. */
  servePath: string;
}

/**
 * Connections of browsers to workspace tools: a bearer-authenticated connect
 * call mints a one-time link; the link is exchanged for a session cookie;
 * every request with the cookie is authorized again (the use-permission
 * decision of the connect call, applied to the workspace as it is now, so
 * that a user removed from the project loses access) and sent to the pod.
 */
export class ToolConnections {
  private readonly now: () => Date;
  private readonly linkTtlMs: number;
  private readonly idleTimeoutMs: number;
  private readonly maxSessionMs: number;
  private readonly cacheMs: number;
  private readonly activityIntervalMs: number;
  private readonly connectPath: string;
  private readonly cache = new Map<
    string,
    { target: Omit<ToolTarget, 'origin'>; until: number }
  >();
  private readonly activityWritten = new Map<string, number>();

  constructor(private readonly options: ToolConnectionsOptions) {
    this.now = options.now ?? (() => new Date());
    this.linkTtlMs = options.linkTtlMs ?? 60_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60 * 60_000;
    this.maxSessionMs = options.maxSessionMs ?? 12 * 60 * 60_000;
    this.cacheMs = options.authorizationCacheMs ?? 10_000;
    this.activityIntervalMs = options.activityIntervalMs ?? 60_000;
    this.connectPath = new URL(options.connectBaseUrl).pathname.replace(
      /\/$/,
      '',
    );
  }

  /** Path of the path-mode proxy as browsers see it, e.g. `/api/workspaces/connect`. */
  get connectBasePath(): string {
    return this.connectPath;
  }

  /** How browsers reach the tools: on hosts of their own, or under the connect path. */
  get addressing(): ToolAddressing {
    const hosts = this.options.toolHosts;
    return hosts
      ? { mode: 'host', urlTemplate: hosts.urlTemplate }
      : { mode: 'path', connectBasePath: this.connectPath };
  }

  /** The origin of a workspace's tool in host mode. */
  toolOrigin(workspace: ToolHostWorkspace, tool: { id: string }): string {
    const hosts = this.options.toolHosts;
    if (!hosts) {
      throw new Error('tools are served in path mode');
    }
    return toolOrigin(hosts.urlTemplate, hosts.listenPort(), workspace, tool);
  }

  /**
   * The URL to open a tool at: the proxy with a one-time link, or the
   * environment's Ingress. 404 for a workspace the caller may not see or a
   * tool it does not have, 403 without the use permission, 409 unless it runs.
   */
  async connect(
    workspaceId: string,
    toolId: string,
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
  ): Promise<{ url: string; mode: 'proxy' | 'ingress' }> {
    const record = await this.options.access.get(workspaceId, credentials);
    const visibility = await this.options.authorizer.visibility(
      workspaceUsePermission,
      credentials,
    );
    const usable =
      visibility &&
      (await this.options.store.getWorkspace(record.id, visibility));
    if (!visibility || !usable) {
      throw new NotAllowedError(
        `You may not use the tools of workspace ${record.name}; ask to be assigned to its project`,
      );
    }
    const { environment, tool } = this.findTool(record, toolId);
    this.requireRunning(record, tool);
    const ingressUrl = ingressToolUrl(record, environment, tool);
    if (ingressUrl) {
      return { url: ingressUrl, mode: 'ingress' };
    }
    const now = this.now();
    const link = newSessionSecret();
    await this.options.sessions.insert(
      {
        id: randomUUID(),
        workspaceId: record.id,
        tool: tool.id,
        userRef: credentials.principal.userEntityRef.toLocaleLowerCase('en-US'),
        visibility,
        expiresAt: new Date(now.getTime() + this.idleTimeoutMs),
        maxExpiresAt: new Date(now.getTime() + this.maxSessionMs),
      },
      link.hash,
      new Date(now.getTime() + this.linkTtlMs),
      now,
    );
    const url = this.options.toolHosts
      ? new URL(HANDOFF_PATH, this.toolOrigin(record, tool))
      : new URL(
          `${this.options.connectBaseUrl.replace(/\/$/, '')}/${record.id}/${
            tool.id
          }/`,
        );
    url.searchParams.set(TOOL_LINK_PARAM, link.secret);
    return { url: url.toString(), mode: 'proxy' };
  }

  /**
   * Exchanges a one-time link of this workspace's tool for a cookie secret.
   * Throws AuthenticationError for a link that is unknown, used or expired.
   */
  async exchangeLink(
    linkSecret: string,
    workspaceId: string,
    toolId: string,
  ): Promise<{ session: ToolSession; cookieSecret: string }> {
    return this.exchange(
      linkSecret,
      session => session.workspaceId === workspaceId && session.tool === toolId,
    );
  }

  /** Uses up a one-time link; its session if the link was good and is for `isFor`. */
  private async exchange(
    linkSecret: string,
    isFor: (session: ToolSession) => boolean | Promise<boolean>,
  ): Promise<{ session: ToolSession; cookieSecret: string }> {
    const cookie = newSessionSecret();
    const session = await this.options.sessions.exchangeLink(
      hashSessionSecret(linkSecret),
      cookie.hash,
      this.now(),
    );
    if (!session || !(await isFor(session))) {
      throw new AuthenticationError(
        'This link has expired or was used already; open the tool again from Backstage',
      );
    }
    return { session, cookieSecret: cookie.secret };
  }

  /**
   * Authorizes a request with a session cookie for a workspace's tool and
   * finds where it goes. Reuses the authorization for `authorizationCacheMs`.
   */
  async authorize(
    cookieSecret: string | undefined,
    workspaceId: string,
    toolId: string,
  ): Promise<ToolTarget> {
    if (!cookieSecret) {
      throw new AuthenticationError(
        'No session for this tool; open it from Backstage',
      );
    }
    const hash = hashSessionSecret(cookieSecret);
    const key = `${hash}:${workspaceId}:${toolId}`;
    const now = this.now();
    const cached = this.cache.get(key);
    const authorized =
      cached && cached.until > now.getTime()
        ? cached.target
        : await this.authorizeSession(hash, key, workspaceId, toolId, now);
    // where the tool is: looked up for every request (from the pod watch's
    // cache), since a restarted workspace has a new pod at a new address
    const { workspace, tool } = authorized;
    const host = await this.options.runtime?.findToolHost?.(workspace);
    if (!host) {
      throw new ServiceUnavailableError(
        `${tool.title} of workspace ${workspace.name} can't be reached yet; try again in a moment`,
      );
    }
    return {
      ...authorized,
      origin: `http://${host.includes(':') ? `[${host}]` : host}:${tool.port}`,
    };
  }

  private async authorizeSession(
    hash: string,
    key: string,
    workspaceId: string,
    toolId: string,
    now: Date,
  ): Promise<Omit<ToolTarget, 'origin'>> {
    const session = await this.options.sessions.findByCookie(hash, now);
    if (
      !session ||
      session.workspaceId !== workspaceId ||
      session.tool !== toolId
    ) {
      this.cache.delete(key);
      throw new AuthenticationError(
        'Your session for this tool has expired or is not valid; open it again from Backstage',
      );
    }
    const workspace = await this.options.store.getWorkspace(
      workspaceId,
      session.visibility,
    );
    if (!workspace) {
      this.cache.delete(key);
      throw workspaceNotFound(workspaceId);
    }
    const { environment, tool } = this.findTool(workspace, toolId);
    this.requireRunning(workspace, tool);
    // extended at most once per half of the idle timeout, not per request
    if (session.expiresAt.getTime() - now.getTime() < this.idleTimeoutMs / 2) {
      const renewedUntil = new Date(
        Math.min(
          now.getTime() + this.idleTimeoutMs,
          session.maxExpiresAt.getTime(),
        ),
      );
      await this.options.sessions.extend(session.id, renewedUntil);
      session.expiresAt = renewedUntil;
    }
    const target = {
      session,
      workspace,
      tool,
      externalPath: externalToolPath(
        workspace,
        environment,
        tool,
        this.addressing,
      ),
      servePath: toolServePath(workspace, environment, tool, this.addressing),
    };
    this.cacheTarget(key, target, now);
    return target;
  }

  /**
   * Host mode: exchanges a one-time link at a tool's host for a cookie
   * secret. The link must be for the tool of that host (a link of one
   * workspace is worth nothing at another's host).
   */
  async exchangeLinkAtHost(
    linkSecret: string,
    origin: string,
  ): Promise<{ session: ToolSession; cookieSecret: string }> {
    return this.exchange(linkSecret, session => this.isHostOf(session, origin));
  }

  /**
   * Host mode: authorizes a request with a session cookie at a tool's host
   * (its origin, from the Host the browser sent); a cookie of another
   * workspace's tool is refused like no cookie.
   */
  async authorizeAtHost(
    cookieSecret: string | undefined,
    origin: string,
  ): Promise<ToolTarget> {
    const session = cookieSecret
      ? await this.options.sessions.findByCookie(
          hashSessionSecret(cookieSecret),
          this.now(),
        )
      : undefined;
    if (!session || !(await this.isHostOf(session, origin))) {
      throw new AuthenticationError(
        'No session for this tool; open it from Backstage',
      );
    }
    return this.authorize(cookieSecret, session.workspaceId, session.tool);
  }

  private async isHostOf(session: ToolSession, origin: string) {
    const workspace = await this.options.store.getWorkspace(
      session.workspaceId,
    );
    return (
      workspace !== undefined &&
      this.toolOrigin(workspace, { id: session.tool }) === origin
    );
  }

  /**
   * Whether an open connection (a WebSocket) may go on: its session has not
   * expired, and its use decision still finds the workspace, as the project's
   * members are now (a user removed from the project is cut).
   */
  async isStillAuthorized(target: {
    session: { id: string };
    workspace: { id: string };
  }): Promise<boolean> {
    const session = await this.options.sessions.findById(
      target.session.id,
      this.now(),
    );
    return (
      session !== undefined &&
      (await this.options.store.getWorkspace(
        target.workspace.id,
        session.visibility,
      )) !== undefined
    );
  }

  /** Notes that a workspace's tools were used; written at most once per interval. */
  async recordActivity(workspaceId: string): Promise<void> {
    const now = this.now();
    const last = this.activityWritten.get(workspaceId) ?? 0;
    if (now.getTime() - last < this.activityIntervalMs) {
      return;
    }
    this.activityWritten.set(workspaceId, now.getTime());
    await this.options.store.recordActivity(
      workspaceId,
      now,
      new Date(now.getTime() - this.activityIntervalMs),
    );
  }

  /** Removes expired sessions; the periodic cleanup. */
  async deleteExpired(): Promise<number> {
    return this.options.sessions.deleteExpired(this.now());
  }

  private cacheTarget(
    key: string,
    target: Omit<ToolTarget, 'origin'>,
    now: Date,
  ) {
    if (this.cache.size > 10_000) {
      for (const [k, entry] of this.cache) {
        if (entry.until <= now.getTime()) this.cache.delete(k);
      }
    }
    this.cache.set(key, {
      target,
      until: Math.min(
        now.getTime() + this.cacheMs,
        target.session.expiresAt.getTime(),
      ),
    });
  }

  private findTool(
    record: WorkspaceRecord,
    toolId: string,
  ): { environment: WorkspaceEnvironment; tool: WorkspaceTool } {
    const environment = this.options.buildingBlocks
      .forProject(record.projectRef)
      .environments.find(e => e.id === record.environmentId);
    const tool = environment?.tools.find(t => t.id === toolId);
    if (!environment || !tool) {
      throw new NotFoundError(
        `Workspace ${record.name} has no tool ${toolId}; its tools are ${
          environment?.tools.map(t => t.id).join(', ') || 'none'
        }`,
      );
    }
    return { environment, tool };
  }

  private requireRunning(record: WorkspaceRecord, tool: WorkspaceTool) {
    if (record.status !== 'Running') {
      throw new ConflictError(
        `Workspace ${record.name} is ${record.status}, not Running; ${
          record.desiredState === 'Running'
            ? `wait until it runs to open ${tool.title}`
            : `start it to open ${tool.title}`
        }`,
      );
    }
  }
}
