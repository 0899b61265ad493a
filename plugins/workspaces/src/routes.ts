import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Workspaces page. */
export const rootRouteRef = createRouteRef({ id: 'workspaces' });

/** The details page of one workspace, under the Workspaces page. */
export const workspaceRouteRef = createSubRouteRef({
  id: 'workspaces:workspace',
  parent: rootRouteRef,
  path: '/:workspaceId',
});

/** The Workspaces tab of a project entity. */
export const entityContentRouteRef = createRouteRef({
  id: 'workspaces:entity-content',
});
