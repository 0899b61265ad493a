// @ts-check

/**
 * Workspaces, their runs and status events, and the project membership that
 * permission rules filter on in SQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('workspaces', table => {
    table.comment('One work environment of a project');
    table.string('id', 64).primary().comment('UUID');
    table
      .string('name', 40)
      .notNullable()
      .comment('DNS-1123 label, unique per project');
    table
      .string('project_ref')
      .notNullable()
      .comment('Entity ref of the project, lower case');
    table
      .string('namespace', 63)
      .notNullable()
      .comment('From the project entity at create');
    table.string('cluster').nullable();
    table.string('environment_id', 63).notNullable();
    table.text('environment_overrides').notNullable().defaultTo('{}');
    table.string('compute_preset_id', 63).notNullable();
    table.text('compute_overrides').notNullable().defaultTo('{}');
    table.text('data_sources').notNullable().defaultTo('[]');
    table
      .text('env_vars')
      .notNullable()
      .defaultTo('[]')
      .comment('Secret values encrypted');
    table
      .integer('cpu_millicores')
      .notNullable()
      .comment('Requested CPU after overrides');
    table
      .bigInteger('memory_bytes')
      .notNullable()
      .comment('Requested memory after overrides');
    table.integer('gpus').notNullable().defaultTo(0);
    table.string('desired_state', 16).notNullable();
    table.string('status', 16).notNullable();
    table.string('status_reason').nullable();
    table.text('status_message').notNullable().defaultTo('');
    table.timestamp('status_since', { useTz: true }).notNullable();
    table.boolean('pending_restart').notNullable().defaultTo(false);
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('last_activity_at', { useTz: true }).nullable();
    table.integer('revision').notNullable().defaultTo(1);
    table.timestamp('deleted_at', { useTz: true }).nullable();
    table.index(['project_ref'], 'workspaces_project_ref_idx');
    table.index(['created_by'], 'workspaces_created_by_idx');
    table.index(['desired_state', 'status'], 'workspaces_state_idx');
  });
  // names are unique per project among workspaces that are not deleted
  await knex.schema.alterTable('workspaces', table => {
    table.unique(['project_ref', 'name'], {
      indexName: 'workspaces_project_name_uniq',
      predicate: knex.whereNull('deleted_at'),
    });
  });

  await knex.schema.createTable('workspace_runs', table => {
    table.comment(
      'One interactive workload of a workspace, from a start to its end',
    );
    table.string('id', 64).primary();
    table
      .string('workspace_id', 64)
      .notNullable()
      .references('id')
      .inTable('workspaces')
      .onDelete('CASCADE');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.text('end_reason').nullable();
    table.string('pod_name').nullable();
    table.string('node_name').nullable();
    table.text('resources').notNullable().comment('Resources granted, JSON');
    table.index(['workspace_id', 'started_at'], 'workspace_runs_workspace_idx');
  });

  await knex.schema.createTable('workspace_status_events', table => {
    table.comment('Every status change of a workspace');
    table.bigIncrements('id').primary();
    table
      .string('workspace_id', 64)
      .notNullable()
      .references('id')
      .inTable('workspaces')
      .onDelete('CASCADE');
    table.string('run_id', 64).nullable();
    table.timestamp('time', { useTz: true }).notNullable();
    table.string('from_status', 16).nullable();
    table.string('to_status', 16).notNullable();
    table.string('reason').nullable();
    table.text('message').notNullable();
    table.index(
      ['workspace_id', 'id'],
      'workspace_status_events_workspace_idx',
    );
  });

  await knex.schema.createTable('workspace_project_members', table => {
    table.comment('Who is assigned to each project, from the catalog');
    table.string('project_ref').notNullable();
    table
      .string('member_ref')
      .notNullable()
      .comment('User or group ref, lower case');
    table.primary(['project_ref', 'member_ref']);
    table.index(['member_ref'], 'workspace_project_members_member_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('workspace_project_members');
  await knex.schema.dropTable('workspace_status_events');
  await knex.schema.dropTable('workspace_runs');
  await knex.schema.dropTable('workspaces');
};
