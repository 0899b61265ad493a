import { parseEntityRef } from '@backstage/catalog-model';
import {
  Workspace,
  WORKSPACE_STATUSES,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  FormControl,
  InputLabel,
  makeStyles,
  MenuItem,
  Select,
} from '@material-ui/core';
import { useRef } from 'react';
import { WorkspaceListQuery } from '../../hooks/useWorkspaceList';
import { useWorkspacesTranslation } from '../../translation';

type Option = { value: string; label: string };

const useStyles = makeStyles(theme => ({
  // the theme's secondary text on the page's grey is 4.47:1, below 4.5:1
  label: { color: theme.palette.text.primary },
}));

function FilterSelect(props: {
  /** Names the select's element, e.g. `created-by`. */
  id: string;
  label: string;
  value: string;
  options: Option[];
  onChange(value: string): void;
}) {
  const { t } = useWorkspacesTranslation();
  const id = `workspaces-filter-${props.id}`;
  const classes = useStyles();
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
      <InputLabel id={id} className={classes.label}>
        {props.label}
      </InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value}
        onChange={event => props.onChange(event.target.value as string)}
      >
        <MenuItem value="">{t('grid.filters.all')}</MenuItem>
        {props.options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/**
 * Every value seen so far, sorted: the choices of a filter stay when the
 * list is filtered down to one of them.
 */
function useSeenValues(values: Array<string | undefined>): string[] {
  const seen = useRef(new Set<string>());
  for (const value of values) {
    if (value) {
      seen.current.add(value);
    }
  }
  return [...seen.current].sort();
}

const asOptions = (values: string[]) =>
  values.map(value => ({ value, label: value }));

/**
 * The grid's filters, each applied by the backend: status, creator, GPUs,
 * node, for many projects the project and, for admins, dormancy.
 */
export function GridFilters(props: {
  workspaces: Workspace[];
  query: WorkspaceListQuery;
  onQueryChange(query: WorkspaceListQuery): void;
  showProject?: boolean;
  showDormancy?: boolean;
}) {
  const { workspaces, query, onQueryChange, showProject, showDormancy } = props;
  const { t } = useWorkspacesTranslation();
  const gpuOptions: Option[] = [1, 2, 4, 8].map(count => ({
    value: `${count}`,
    label: t('grid.filters.gpusOrMore', { count }),
  }));
  const dormancyOptions: Option[] = [
    { value: 'true', label: t('grid.filters.warned') },
    { value: 'false', label: t('grid.filters.notWarned') },
  ];
  const creators = useSeenValues([
    ...workspaces.map(w => w.createdBy),
    query.createdBy,
  ]);
  const nodes = useSeenValues([...workspaces.map(w => w.node), query.node]);
  const projects = useSeenValues([
    ...workspaces.map(w => w.project),
    query.project,
  ]);
  const set = (change: WorkspaceListQuery) =>
    onQueryChange({ ...query, ...change });

  return (
    <>
      <FilterSelect
        id="status"
        label={t('grid.filters.status')}
        value={query.status ?? ''}
        options={WORKSPACE_STATUSES.map(status => ({
          value: status,
          label: t(`status.${status}`),
        }))}
        onChange={value => set({ status: value || undefined })}
      />
      <FilterSelect
        id="created-by"
        label={t('grid.filters.createdBy')}
        value={query.createdBy ?? ''}
        options={creators.map(ref => ({
          value: ref,
          label: parseEntityRef(ref).name,
        }))}
        onChange={value => set({ createdBy: value || undefined })}
      />
      <FilterSelect
        id="gpus"
        label={t('grid.filters.gpus')}
        value={query.minGpus === undefined ? '' : `${query.minGpus}`}
        options={gpuOptions}
        onChange={value => set({ minGpus: value ? Number(value) : undefined })}
      />
      <FilterSelect
        id="node"
        label={t('grid.filters.node')}
        value={query.node ?? ''}
        options={asOptions(nodes)}
        onChange={value => set({ node: value || undefined })}
      />
      {showProject && (
        <FilterSelect
          id="project"
          label={t('grid.filters.project')}
          value={query.project ?? ''}
          options={asOptions(projects)}
          onChange={value => set({ project: value || undefined })}
        />
      )}
      {showDormancy && (
        <FilterSelect
          id="dormancy"
          label={t('grid.filters.dormancy')}
          value={query.dormant === undefined ? '' : `${query.dormant}`}
          options={dormancyOptions}
          onChange={value =>
            set({ dormant: value ? value === 'true' : undefined })
          }
        />
      )}
    </>
  );
}
