// @ts-check

/**
 * Lifecycle policies: a workspace's own schedule, the auto-stop it was warned
 * about, and the keep-alives of its current run. The policy engine writes the
 * auto-stop columns with conditional updates, so two runners warn once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .text('schedule')
      .nullable()
      .comment('Daily stop and weekday start times, JSON');
    table
      .timestamp('schedule_handled_at', { useTz: true })
      .nullable()
      .comment('Scheduled starts up to this time are done (or were refused)');
    table
      .timestamp('auto_stop_at', { useTz: true })
      .nullable()
      .comment('When the warned-about auto-stop happens');
    table.string('auto_stop_reason').nullable();
    table.text('auto_stop_message').nullable();
    table.timestamp('auto_stop_warned_at', { useTz: true }).nullable();
    table
      .timestamp('keep_alive_until', { useTz: true })
      .nullable()
      .comment('No auto-stop before this time; reset at every start');
    table
      .integer('keep_alive_count')
      .notNullable()
      .defaultTo(0)
      .comment('Keep-alives of the current run');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('schedule');
    table.dropColumn('schedule_handled_at');
    table.dropColumn('auto_stop_at');
    table.dropColumn('auto_stop_reason');
    table.dropColumn('auto_stop_message');
    table.dropColumn('auto_stop_warned_at');
    table.dropColumn('keep_alive_until');
    table.dropColumn('keep_alive_count');
  });
};
