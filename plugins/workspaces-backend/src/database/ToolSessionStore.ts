import { Knex } from 'knex';
import { WorkspaceVisibility } from './WorkspaceStore';

/** A browser session of a connection to one tool of one workspace. */
export interface ToolSession {
  id: string;
  workspaceId: string;
  tool: string;
  userRef: string;
  /** The use-permission decision at connect time. */
  visibility: WorkspaceVisibility;
  expiresAt: Date;
  maxExpiresAt: Date;
}

function rowToSession(row: any): ToolSession {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    tool: row.tool,
    userRef: row.user_ref,
    visibility: JSON.parse(row.visibility),
    expiresAt: new Date(row.expires_at),
    maxExpiresAt: new Date(row.max_expires_at),
  };
}

/** Tool sessions in the plugin's database, found by the hashes of their secrets. */
export class ToolSessionStore {
  constructor(private readonly knex: Knex) {}

  async insert(
    session: ToolSession,
    linkHash: string,
    linkExpiresAt: Date,
    now: Date,
  ): Promise<void> {
    await this.knex('workspace_tool_sessions').insert({
      id: session.id,
      workspace_id: session.workspaceId,
      tool: session.tool,
      user_ref: session.userRef,
      visibility: JSON.stringify(session.visibility),
      link_hash: linkHash,
      link_expires_at: linkExpiresAt,
      cookie_hash: null,
      created_at: now,
      expires_at: session.expiresAt,
      max_expires_at: session.maxExpiresAt,
    });
  }

  /**
   * Exchanges a link for a cookie: only once (the first of concurrent
   * exchanges, on any replica, wins) and only before the link expires.
   */
  async exchangeLink(
    linkHash: string,
    cookieHash: string,
    now: Date,
  ): Promise<ToolSession | undefined> {
    const count = await this.knex('workspace_tool_sessions')
      .where('link_hash', linkHash)
      .andWhere('link_expires_at', '>', now)
      .update({ link_hash: null, cookie_hash: cookieHash });
    if (count === 0) {
      return undefined;
    }
    return this.findByCookie(cookieHash, now);
  }

  /** The session of a cookie, unless it has expired. */
  async findByCookie(
    cookieHash: string,
    now: Date,
  ): Promise<ToolSession | undefined> {
    const row = await this.knex('workspace_tool_sessions')
      .where('cookie_hash', cookieHash)
      .andWhere('expires_at', '>', now)
      .andWhere('max_expires_at', '>', now)
      .first();
    return row ? rowToSession(row) : undefined;
  }

  /** A session by its id, unless it has expired. */
  async findById(id: string, now: Date): Promise<ToolSession | undefined> {
    const row = await this.knex('workspace_tool_sessions')
      .where('id', id)
      .andWhere('expires_at', '>', now)
      .andWhere('max_expires_at', '>', now)
      .first();
    return row ? rowToSession(row) : undefined;
  }

  async extend(id: string, expiresAt: Date): Promise<void> {
    await this.knex('workspace_tool_sessions')
      .where('id', id)
      .update({ expires_at: expiresAt });
  }

  /** Removes expired sessions and links never exchanged; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    return this.knex('workspace_tool_sessions')
      .where('expires_at', '<=', now)
      .orWhere('max_expires_at', '<=', now)
      .orWhere(query =>
        query.whereNull('cookie_hash').andWhere('link_expires_at', '<=', now),
      )
      .delete();
  }
}
