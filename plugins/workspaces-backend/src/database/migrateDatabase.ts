import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@backstage-workspaces/plugin-workspaces-backend',
  'migrations',
);

/** Brings the plugin's database schema up to date. */
export async function migrateDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/** Undoes every migration; for the migrations test. */
export async function rollbackDatabase(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ directory: migrationsDir }, true);
}
