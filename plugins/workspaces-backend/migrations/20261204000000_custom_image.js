// @ts-check

/**
 * The image a user chose in place of the environment's, where the
 * environment allows custom images (`customImage.allowedRegistries`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table
      .string('image', 512)
      .nullable()
      .comment(
        "Image reference run in place of the environment's; null: the environment's image",
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('workspaces', table => {
    table.dropColumn('image');
  });
};
