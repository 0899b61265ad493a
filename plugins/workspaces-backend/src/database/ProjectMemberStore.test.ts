import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { migrateDatabase } from './migrateDatabase';
import { ProjectMemberStore } from './ProjectMemberStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'project members on %s',
  databaseId => {
    it('takes the members of one project from many requests at once', async () => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const store = new ProjectMemberStore(knex);
      const members = ['user:default/bob', 'group:default/vision-team'];
      // each create in a project records its members, concurrently
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.setMembers('system:default/vision', members),
        ),
      );
      await Promise.all([
        store.setAllMembers(new Map([['system:default/vision', members]])),
        store.setMembers('system:default/vision', members),
      ]);
      const stored = await store.getMembers(['system:default/vision']);
      expect(stored.get('system:default/vision')?.sort()).toEqual(
        [...members].sort(),
      );
    });
  },
);
