import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { workspaceRow } from '../__testUtils__/workspaceRow';
import { migrateDatabase, rollbackDatabase } from './migrateDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('go up and down, and up again', async () => {
    const knex = await databases.init(databaseId);
    const tables = [
      'workspaces',
      'workspace_runs',
      'workspace_status_events',
      'workspace_project_members',
      'workspace_tool_sessions',
    ];

    await migrateDatabase(knex);
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    // a workspace keeps the custom image a user chose
    expect(await knex.schema.hasColumn('workspaces', 'image')).toBe(true);
    // a failed run keeps its crashed container's last log lines
    expect(await knex.schema.hasColumn('workspace_runs', 'crash_log')).toBe(
      true,
    );

    // dormancy keeps its clock and its warning on the workspace
    for (const column of [
      'stopped_at',
      'dormancy_kept_alive_at',
      'dormancy_warned_at',
      'dormancy_delete_at',
      'volumes_deleted_at',
    ]) {
      expect(await knex.schema.hasColumn('workspaces', column)).toBe(true);
    }

    await rollbackDatabase(knex);
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }

    await migrateDatabase(knex);
    expect(await knex.schema.hasTable('workspaces')).toBe(true);
    await knex.destroy();
  });

  it('keeps names unique per project among workspaces that are not deleted', async () => {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    const row = (id: string, deleted: boolean) =>
      workspaceRow(id, new Date(), { deleted_at: deleted ? new Date() : null });
    await knex('workspaces').insert(row('a', true));
    await knex('workspaces').insert(row('b', false));
    const error = await knex('workspaces')
      .insert(row('c', false))
      .then(
        () => undefined,
        e => e,
      );
    if (!error) {
      // eslint-disable-next-line no-console
      console.log(
        'DEBUG',
        JSON.stringify(
          await knex('workspaces').select('id', 'name', 'deleted_at'),
        ),
        JSON.stringify(
          await knex
            .raw("select name, sql from sqlite_master where type='index'")
            .catch(() => 'n/a'),
        ),
      );
    }
    expect(String(error)).toMatch(/unique|duplicate/i);
    await knex.destroy();
  });
});
