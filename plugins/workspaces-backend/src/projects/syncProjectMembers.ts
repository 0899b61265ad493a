import { AuthService } from '@backstage/backend-plugin-api';
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
