import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import {
  isWorkspacesProject,
  WORKSPACE_SEARCH_DOCUMENT_TYPE,
} from '@backstage-workspaces/plugin-workspaces-common';
import WorkIcon from '@material-ui/icons/Work';
import { WorkspacesClient, workspacesApiRef } from './api';
import { workspaceBuildingBlockPickerFormField } from './scaffolder/formFields';
import {
  entityContentRouteRef,
  rootRouteRef,
  workspaceRouteRef,
} from './routes';
import { workspacesTranslationRef } from './translation';

const workspacesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: workspacesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new WorkspacesClient(deps),
    }),
});

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  workspace: workspaceRouteRef,
  entityContent: entityContentRouteRef,
});

const workspacesPage = PageBlueprint.make({
  params: {
    path: '/workspaces',
    title: workspacesTranslationRef('page.title'),
    icon: <WorkIcon />,
    routeRef: routes.root,
    loader: () =>
      import('./components/WorkspacesPage').then(m => <m.WorkspacesPage />),
  },
});

const entityWorkspacesContent = EntityContentBlueprint.make({
  params: {
    path: 'workspaces',
    title: workspacesTranslationRef('entityContent.tab'),
    routeRef: routes.entityContent,
    filter: isWorkspacesProject,
    loader: () =>
      import('./components/EntityWorkspacesContent').then(m => (
        <m.EntityWorkspacesContent />
      )),
  },
});

const entityWorkspacesCard = EntityCardBlueprint.make({
  params: {
    filter: isWorkspacesProject,
    loader: () =>
      import('./components/EntityWorkspacesCard').then(m => (
        <m.EntityWorkspacesCard />
      )),
  },
});

const workspaceSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <WorkIcon />,
    predicate: result => result.type === WORKSPACE_SEARCH_DOCUMENT_TYPE,
    component: () =>
      import('./components/WorkspaceSearchResultListItem').then(
        m => m.WorkspaceSearchResultListItem,
      ),
  },
});

const workspaceSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: WORKSPACE_SEARCH_DOCUMENT_TYPE,
    name: 'Workspaces',
    icon: <WorkIcon />,
  },
});

/**
 * The Workspaces plugin for apps on the new frontend system: the API, the
 * Workspaces page with its nav item and the details page of each workspace,
 * the Workspaces tab and the Overview card of project entities, and
 * workspaces in the search page's results (with a Workspaces result type).
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'workspaces',
  title: 'Workspaces',
  icon: <WorkIcon />,
  routes,
  extensions: [
    workspacesApi,
    workspacesPage,
    entityWorkspacesContent,
    entityWorkspacesCard,
    workspaceBuildingBlockPickerFormField,
    workspaceSearchResultListItem,
    workspaceSearchResultType,
  ],
});

export { workspacesTranslationRef } from './translation';
