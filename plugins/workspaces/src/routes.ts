import { createRouteRef } from '@backstage/core-plugin-api';

/** The Workspaces page. */
export const rootRouteRef = createRouteRef({ id: 'workspaces' });

/** The Workspaces tab of a project entity. */
export const entityContentRouteRef = createRouteRef({
  id: 'workspaces:entity-content',
});
