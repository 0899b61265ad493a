import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@backstage-workspaces/plugin-workspaces-common';
import { ProjectMemberStore } from '../database/ProjectMemberStore';
import {
  expandProjectMembers,
  groupsByRef,
  memberGroupRefs,
} from './expandProjectMembers';
import { WorkspaceProject } from './ProjectResolver';

export interface ProjectMemberSyncOptions {
  auth: AuthService;
  catalog: CatalogService;
  projectMembers: ProjectMemberStore;
}

const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'relations',
];

/**
 * Copies the users assigned to every project from the catalog into the
 * database, where the permission rule IS_PROJECT_MEMBER filters on them
 * (see expandProjectMembers). Runs on a schedule: a user removed from a
 * project's group or members loses its workspaces with the next run.
 */
export async function syncProjectMembers(
  options: ProjectMemberSyncOptions,
): Promise<number> {
  const credentials = await options.auth.getOwnServiceCredentials();
  const [projects, groups] = await Promise.all([
    options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      },
      { credentials },
    ),
    options.catalog.getEntities(
      { filter: { kind: 'Group' }, fields: GROUP_FIELDS },
      { credentials },
    ),
  ]);
  const groupIndex = groupsByRef(groups.items);
  const members = new Map(
    projects.items.map(entity => [
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      expandProjectMembers(entity, groupIndex),
    ]),
  );
  await options.projectMembers.setAllMembers(members);
  return members.size;
}

/**
 * The users assigned to one project now, from the catalog, recorded for the
 * permission rules: the explicit step of a create, so that a project new to
 * the catalog works before the next sync, and a create is judged on the
 * catalog's membership rather than on the caller's token.
 */
export async function syncMembersOfProject(
  options: ProjectMemberSyncOptions,
  project: WorkspaceProject,
): Promise<string[]> {
  const refs = memberGroupRefs(project.entity);
  const { items } = refs.length
    ? await options.catalog.getEntitiesByRefs(
        { entityRefs: refs, fields: GROUP_FIELDS },
        { credentials: await options.auth.getOwnServiceCredentials() },
      )
    : { items: [] };
  const members = expandProjectMembers(
    project.entity,
    groupsByRef(
      items.filter((item): item is NonNullable<typeof item> => !!item),
    ),
  );
  await options.projectMembers.setMembers(project.entityRef, members);
  return members;
}

/** Syncs the members of every project every `intervalSeconds`, on one replica. */
export async function scheduleProjectMemberSync(
  options: ProjectMemberSyncOptions & {
    scheduler: SchedulerService;
    logger: LoggerService;
    /** `workspaces.membership.syncIntervalSeconds` */
    intervalSeconds: number;
  },
): Promise<void> {
  await options.scheduler.scheduleTask({
    id: 'workspaces-sync-project-members',
    frequency: { seconds: options.intervalSeconds },
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
