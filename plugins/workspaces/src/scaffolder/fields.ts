import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { workspacesPlugin } from '../plugin';
import { WorkspaceBuildingBlockPicker } from './WorkspaceBuildingBlockPicker';

/** The name templates use in `ui:field`. */
export const WORKSPACE_BUILDING_BLOCK_PICKER = 'WorkspaceBuildingBlockPicker';

/**
 * The building block picker for apps on the legacy frontend system: put it in
 * the `ScaffolderFieldExtensions` of the scaffolder route.
 * @public
 */
export const WorkspaceBuildingBlockPickerFieldExtension =
  workspacesPlugin.provide(
    createScaffolderFieldExtension({
      name: WORKSPACE_BUILDING_BLOCK_PICKER,
      component: WorkspaceBuildingBlockPicker,
    }),
  );
