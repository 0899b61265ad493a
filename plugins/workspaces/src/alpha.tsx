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
import { isWorkspacesProject } from '@backstage-workspaces/plugin-workspaces-common';
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

/**
 * The Workspaces plugin for apps on the new frontend system: the API, the
 * Workspaces page with its nav item and the details page of each workspace,
 * and the Workspaces tab and the Overview card of project entities.
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
  ],
});

export { workspacesTranslationRef } from './translation';
