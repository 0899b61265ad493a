import { TestDatabases } from '@backstage/backend-test-utils';

const postgresVariable = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases the tests run on: SQLite always, and PostgreSQL 15 where
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING points at one (the
 * README's test command starts it; there is no Docker to start one here). In
 * CI a missing PostgreSQL is an error, not a silent skip.
 */
export function createTestDatabases(): TestDatabases {
  if (process.env.CI && !process.env[postgresVariable]) {
    throw new Error(
      `CI runs the database tests on PostgreSQL too: set ${postgresVariable} (scripts/test does)`,
    );
  }
  return TestDatabases.create({
    ids: process.env[postgresVariable]
      ? ['POSTGRES_15', 'SQLITE_3']
      : ['SQLITE_3'],
  });
}
