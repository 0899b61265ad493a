// @ts-check

/**
 * The last log lines of the container whose crash failed a run, captured
 * when the failure is recorded: the failed run's pod is removed right after,
 * and its logs with it, so the explanation of the failure keeps them here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspace_runs', table => {
    table
      .text('crash_log')
      .nullable()
      .comment(
        'JSON: the crashed container, its exit code and last log lines (at most 4 KiB of lines)',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspace_runs', table => {
    table.dropColumn('crash_log');
  });
};
