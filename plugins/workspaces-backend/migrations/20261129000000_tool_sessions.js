// @ts-check

/**
 * Browser sessions of tool connections: a user opens a workspace's tool in a
 * new tab with a one-time link; the link is exchanged for a cookie. Only
 * SHA-256 hashes of the link's and the cookie's secrets are stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('workspace_tool_sessions', table => {
    table.comment('Browser sessions of connections to workspace tools');
    table.string('id').primary().notNullable();
    table
      .string('workspace_id')
      .notNullable()
      .references('id')
      .inTable('workspaces')
      .onDelete('CASCADE');
    table.string('tool').notNullable();
    table.string('user_ref').notNullable();
    table
      .text('visibility')
      .notNullable()
      .comment(
        'The use-permission decision at connect time, re-applied to every request',
      );
    table
      .string('link_hash', 64)
      .nullable()
      .unique()
      .comment('SHA-256 of the one-time link secret; null once exchanged');
    table.timestamp('link_expires_at', { useTz: true }).notNullable();
    table
      .string('cookie_hash', 64)
      .nullable()
      .unique()
      .comment('SHA-256 of the cookie secret; set when the link is exchanged');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('Idle expiry, extended while the tool is used');
    table
      .timestamp('max_expires_at', { useTz: true })
      .notNullable()
      .comment('Absolute expiry');
    table.index(['expires_at'], 'workspace_tool_sessions_expires_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('workspace_tool_sessions');
};
