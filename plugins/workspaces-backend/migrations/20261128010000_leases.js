// @ts-check

/**
 * A lease per workspace, so that of several backend replicas on one database
 * only one acts on a workspace at a time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .string('lease_owner')
      .nullable()
      .comment('Backend replica reconciling it');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('lease_owner');
    table.dropColumn('lease_expires_at');
  });
};
