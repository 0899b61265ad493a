import { createTestDatabases } from '../__testUtils__/eachDatabase';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * The scheduled sync against the real catalog of the tests (catalog.yaml:
 * projects, teams and users): what it records is what IS_PROJECT_MEMBER
 * filters on.
 */
describe.each(databases.eachSupportedId())(
  'syncing project members from the catalog on %s',
  databaseId => {
    let backend: WorkspacesTestBackend;

    beforeAll(async () => {
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: { workspaces: { membership: { syncIntervalSeconds: 1 } } },
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('records the users of every project: owner groups and listed groups expanded, listed users as named', async () => {
      const knex = await backend.workspacesDatabase();
      const { value } = await waitUntil(
        'the sync to record every project',
        async () => {
          const rows: Array<{ project_ref: string; member_ref: string }> =
            await knex('workspace_project_members').select();
          const byProject: Record<string, string[]> = {};
          for (const row of rows) {
            (byProject[row.project_ref] ??= []).push(row.member_ref);
          }
          for (const members of Object.values(byProject)) members.sort();
          return {
            done: Object.keys(byProject).length === 3,
            value: byProject,
          };
        },
        60_000,
      );
      expect(value).toEqual({
        'system:default/vision': ['user:default/bob', 'user:default/dave'],
        'system:default/fraud': ['user:default/alice'],
        // owner platform-admins, listed alice and vision-team
        'system:default/playground': [
          'user:default/alice',
          'user:default/bob',
          'user:default/carol',
          'user:default/dave',
        ],
      });
    });
  },
);
