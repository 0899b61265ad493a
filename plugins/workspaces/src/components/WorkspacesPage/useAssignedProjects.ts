import { Entity } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  CATALOG_FILTER_EXISTS,
} from '@backstage/plugin-catalog-react';
import {
  isAssignedToProject,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@backstage-workspaces/plugin-workspaces-common';
import useAsync from 'react-use/esm/useAsync';

/** The project entities the signed-in user is assigned to. */
export function useAssignedProjects() {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  return useAsync(async (): Promise<Entity[]> => {
    const [{ ownershipEntityRefs }, { items }] = await Promise.all([
      identityApi.getBackstageIdentity(),
      catalogApi.getEntities({
        filter: {
          [`metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      }),
    ]);
    return items.filter(entity =>
      isAssignedToProject(ownershipEntityRefs, entity),
    );
  }, [catalogApi, identityApi]);
}
