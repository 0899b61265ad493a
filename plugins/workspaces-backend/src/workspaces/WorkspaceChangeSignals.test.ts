import { mockServices } from '@backstage/backend-test-utils';
import { SignalPayload, SignalsService } from '@backstage/plugin-signals-node';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { waitUntil } from '../__testUtils__/waitUntil';
import { migrateDatabase } from '../database/migrateDatabase';
import { ProjectMemberStore } from '../database/ProjectMemberStore';
import {
  MEMBERS_TTL_MS,
  WorkspaceChangeSignals,
} from './WorkspaceChangeSignals';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'change signals on %s',
  databaseId => {
    it('a burst of changes in a project reads its members once; after MEMBERS_TTL_MS a change reads them again and reaches a new member', async () => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const members = new ProjectMemberStore(knex);
      await members.setMembers('system:default/vision', ['user:default/alice']);
      const reads: string[] = [];
      knex.on('query', ({ sql }: { sql: string }) => {
        if (/workspace_project_members/.test(sql)) reads.push(sql);
      });
      const sent: SignalPayload[] = [];
      const signals: SignalsService = {
        publish: async payload => {
          sent.push(payload);
        },
      };
      let now = 0;
      const changeSignals = new WorkspaceChangeSignals({
        signals,
        projectMembers: members,
        adminRefs: ['user:default/admin'],
        logger: mockServices.logger.mock(),
        now: () => now,
      });
      const change = (id: string) =>
        changeSignals.changed({
          id,
          projectRef: 'system:default/vision',
          createdBy: 'user:default/bob',
          status: 'Running',
        });

      const signalsSent = (count: number) =>
        waitUntil(
          `${count} signals`,
          async () => ({ done: sent.length === count, value: sent.length }),
          10_000,
          10,
        );

      for (let i = 0; i < 20; i++) change(`ws-${i}`);
      await signalsSent(20);
      expect(reads).toHaveLength(1);
      expect(sent[19].recipients).toEqual({
        type: 'user',
        entityRef: [
          'user:default/alice',
          'user:default/bob',
          'user:default/admin',
        ],
      });

      await members.setMembers('system:default/vision', [
        'user:default/alice',
        'user:default/carol',
      ]);
      reads.length = 0;
      now += MEMBERS_TTL_MS;
      change('ws-0');
      await signalsSent(21);
      expect(reads).toHaveLength(1);
      expect(sent[20].recipients).toMatchObject({
        entityRef: expect.arrayContaining(['user:default/carol']),
      });
      await knex.destroy();
    });
  },
);
