import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getProjectMemberRefs,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@backstage-workspaces/plugin-workspaces-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ProjectMemberStore } from '../database/ProjectMemberStore';

/**
 * Copies who is assigned to every project from the catalog into the database,
 * where the permission rule IS_PROJECT_MEMBER filters on it. Runs on a
 * schedule, so owner and member changes in the catalog reach the workspaces.
 */
export async function syncProjectMembers(options: {
  auth: AuthService;
  catalog: CatalogService;
  projectMembers: ProjectMemberStore;
}): Promise<number> {
  const { items } = await options.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.owner', 'relations'],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const members = new Map(
    items.map(entity => [
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      getProjectMemberRefs(entity),
    ]),
  );
  await options.projectMembers.setAllMembers(members);
  return members.size;
}

/** Syncs the members of every project once a minute, on one replica. */
export async function scheduleProjectMemberSync(options: {
  auth: AuthService;
  catalog: CatalogService;
  projectMembers: ProjectMemberStore;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<void> {
  await options.scheduler.scheduleTask({
    id: 'workspaces-sync-project-members',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    scope: 'global',
    fn: async () => {
      const count = await syncProjectMembers(options);
      options.logger.debug(
        `Synced the members of ${count} projects from the catalog`,
      );
    },
  });
}
