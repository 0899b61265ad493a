import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { WorkspaceBuildingBlockPicker } from './WorkspaceBuildingBlockPicker';

/**
 * The building block picker for apps on the new frontend system; it is part of
 * the plugin's `/alpha` export.
 * @alpha
 */
export const workspaceBuildingBlockPickerFormField = FormFieldBlueprint.make({
  name: 'workspace-building-block-picker',
  params: {
    field: async () =>
      createFormField({
        name: 'WorkspaceBuildingBlockPicker',
        component: WorkspaceBuildingBlockPicker as any,
      }),
  },
});
