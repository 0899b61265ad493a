// @ts-check

/**
 * Dormancy: since when a workspace is stopped (or was last kept alive while
 * stopped), when its creator was warned and the deletion that warning named,
 * and when its volumes were deleted. The dormancy runner writes the warning
 * with conditional updates, so two runners warn once; a deletion needs the
 * warning row, so nothing is deleted that was not warned about first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .timestamp('stopped_at', { useTz: true })
      .nullable()
      .comment('When the workspace was last asked to stop; null while it runs');
    table
      .timestamp('dormancy_kept_alive_at', { useTz: true })
      .nullable()
      .comment(
        'A keep-alive of the stopped workspace: the dormancy clock restarts here',
      );
    table
      .timestamp('dormancy_warned_at', { useTz: true })
      .nullable()
      .comment('When the creator was warned of the dormancy deletion');
    table
      .timestamp('dormancy_delete_at', { useTz: true })
      .nullable()
      .comment('The deletion time the warning named; never earlier');
    table
      .timestamp('volumes_deleted_at', { useTz: true })
      .nullable()
      .comment('Dormancy deleted the volumes; a start creates new empty ones');
  });
  // workspaces stopped before this migration: their clock starts at their last change
  await knex('workspaces')
    .where({ desired_state: 'Stopped' })
    .whereNull('deleted_at')
    .update({ stopped_at: knex.ref('updated_at') });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('stopped_at');
    table.dropColumn('dormancy_kept_alive_at');
    table.dropColumn('dormancy_warned_at');
    table.dropColumn('dormancy_delete_at');
    table.dropColumn('volumes_deleted_at');
  });
};
