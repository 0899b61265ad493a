import { useEffect, useMemo } from 'react';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  WorkspaceBuildingBlocks,
  WorkspacesApiClient,
} from '@backstage-workspaces/plugin-workspaces-common';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import useAsync from 'react-use/esm/useAsync';
import { useWorkspacesTranslation } from '../translation';

/** The `ui:options` of the picker. */
export interface WorkspaceBuildingBlockPickerOptions {
  /** Which building blocks to list. */
  kind?: 'environment' | 'computePreset' | 'dataSource';
  /** The form field holding the project's entity ref; `project` by default. */
  projectField?: string;
}

const listOf = {
  environment: 'environments',
  computePreset: 'computePresets',
  dataSource: 'dataSources',
} as const;

/**
 * A template form field listing the environments, compute presets or data
 * sources of the project chosen in another field, as the Workspaces backend
 * lists them for the user. A string field picks one, an array field several.
 */
export function WorkspaceBuildingBlockPicker(
  props: FieldExtensionComponentProps<
    string | string[],
    WorkspaceBuildingBlockPickerOptions
  >,
) {
  const {
    formData,
    onChange,
    uiSchema,
    schema,
    required,
    rawErrors,
    formContext,
    idSchema,
  } = props;
  const kind = uiSchema['ui:options']?.kind ?? 'environment';
  const projectField = uiSchema['ui:options']?.projectField ?? 'project';
  const project: string | undefined = formContext?.formData?.[projectField];
  const multiple = schema.type === 'array';

  const { t } = useWorkspacesTranslation();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => new WorkspacesApiClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const blocks = useAsync(async () => {
    if (!project) return undefined;
    const response = await client.getBuildingBlocks({ query: { project } });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const value: WorkspaceBuildingBlocks = await response.json();
    return value;
  }, [client, project]);
  const options: Array<{ id: string; title: string; description?: string }> =
    useMemo(() => blocks.value?.[listOf[kind]] ?? [], [blocks.value, kind]);

  // a choice that the newly picked project doesn't offer is dropped
  useEffect(() => {
    if (!blocks.value || formData === undefined) return;
    const ids = new Set(options.map(option => option.id));
    if (Array.isArray(formData)) {
      const kept = formData.filter(id => ids.has(id));
      if (kept.length !== formData.length) onChange(kept);
    } else if (formData && !ids.has(formData)) {
      onChange(undefined as unknown as string);
    }
  }, [blocks.value, formData, onChange, options]);

  const selected = options.find(option => option.id === formData);
  let help = schema.description;
  if (!project) {
    help = t('picker.pickProject');
  } else if (blocks.error) {
    help = t('picker.listFailed', { message: blocks.error.message });
  } else if (blocks.value && options.length === 0) {
    help = t('picker.none', { project });
  } else if (selected?.description) {
    help = selected.description;
  }

  const labelId = `${idSchema?.$id ?? kind}-label`;
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={Boolean(rawErrors?.length) || Boolean(blocks.error)}
      disabled={!project || blocks.loading}
    >
      <InputLabel id={labelId}>{schema.title ?? kind}</InputLabel>
      <Select
        labelId={labelId}
        multiple={multiple}
        value={formData ?? (multiple ? [] : '')}
        onChange={event => onChange(event.target.value as string | string[])}
        renderValue={value =>
          (Array.isArray(value) ? value : [value])
            .map(id => options.find(option => option.id === id)?.title ?? id)
            .join(', ')
        }
      >
        {options.map(option => (
          <MenuItem key={option.id} value={option.id}>
            {option.title}
          </MenuItem>
        ))}
      </Select>
      {help && <FormHelperText>{help}</FormHelperText>}
    </FormControl>
  );
}
