/**
 * The Workspaces frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system import the default export of `/alpha`.
 *
 * @packageDocumentation
 */

export {
  workspacesPlugin,
  WorkspacesPage,
  EntityWorkspacesContent,
  EntityWorkspacesCard,
} from './plugin';
export * from './api';
export {
  WorkspaceSearchResultListItem,
  type WorkspaceSearchResultListItemProps,
} from './components/WorkspaceSearchResultListItem';
export { WorkspaceBuildingBlockPickerFieldExtension } from './scaffolder/fields';
export { isWorkspacesProject } from '@backstage-workspaces/plugin-workspaces-common';
