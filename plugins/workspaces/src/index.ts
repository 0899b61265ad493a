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
  WorkspaceSearchResultListItem,
} from './plugin';
export * from './api';
export type { WorkspaceSearchResultListItemProps } from './components/WorkspaceSearchResultListItem';
export { WorkspaceBuildingBlockPickerFieldExtension } from './scaffolder/fields';
export { isWorkspacesProject } from '@backstage-workspaces/plugin-workspaces-common';
