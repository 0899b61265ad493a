import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { WORKSPACE_SEARCH_DOCUMENT_TYPE } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesClient, workspacesApiRef } from './api';
import type { WorkspaceSearchResultListItemProps } from './components/WorkspaceSearchResultListItem';
import {
  entityContentRouteRef,
  rootRouteRef,
  workspaceRouteRef,
} from './routes';

/** The Workspaces plugin for apps on the legacy frontend system. @public */
export const workspacesPlugin = createPlugin({
  id: 'workspaces',
  apis: [
    createApiFactory({
      api: workspacesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new WorkspacesClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    workspace: workspaceRouteRef,
  },
});

/**
 * The Workspaces page: workspaces of all projects the user is assigned to,
 * and the details page of each under it. Mount it on a route of the app,
 * e.g. `/workspaces`; the grid of the Workspaces tab links to it.
 * @public
 */
export const WorkspacesPage: () => JSX.Element = workspacesPlugin.provide(
  createRoutableExtension({
    name: 'WorkspacesPage',
    component: () =>
      import('./components/WorkspacesPage').then(m => m.WorkspacesPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Workspaces tab of a project entity, for an `EntityLayout.Route` of the
 * entity page; show it where `isWorkspacesProject` holds.
 * @public
 */
export const EntityWorkspacesContent: () => JSX.Element =
  workspacesPlugin.provide(
    createRoutableExtension({
      name: 'EntityWorkspacesContent',
      component: () =>
        import('./components/EntityWorkspacesContent').then(
          m => m.EntityWorkspacesContent,
        ),
      mountPoint: entityContentRouteRef,
    }),
  );

/**
 * The Workspaces card of a project's Overview: running and total
 * workspaces, GPUs in use against the project's quota, the most recently
 * changed workspaces with their tools, and Create workspace. For the entity
 * page's overview grid; show it where `isWorkspacesProject` holds.
 * @public
 */
export const EntityWorkspacesCard: () => JSX.Element = workspacesPlugin.provide(
  createComponentExtension({
    name: 'EntityWorkspacesCard',
    component: {
      lazy: () =>
        import('./components/EntityWorkspacesCard').then(
          m => m.EntityWorkspacesCard,
        ),
    },
  }),
);

/**
 * A workspace in the search page's results (documents of type `workspace`,
 * from `search-backend-module-workspaces`): its name linking to its details
 * page, its project, environment, creator and status as text. Like
 * `CatalogSearchResultListItem`, a child of `<SearchResult>` that renders
 * only the results of its type.
 * @public
 */
export const WorkspaceSearchResultListItem: (
  props: WorkspaceSearchResultListItemProps,
) => JSX.Element | null = workspacesPlugin.provide(
  createSearchResultListItemExtension({
    name: 'WorkspaceSearchResultListItem',
    component: () =>
      import('./components/WorkspaceSearchResultListItem').then(
        m => m.WorkspaceSearchResultListItem,
      ),
    predicate: result => result.type === WORKSPACE_SEARCH_DOCUMENT_TYPE,
  }),
);
