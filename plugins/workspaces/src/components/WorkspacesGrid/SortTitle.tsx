import { TableSortLabel } from '@material-ui/core';
import { WorkspaceListQuery } from '../../hooks/useWorkspaceList';

type Sort = NonNullable<WorkspaceListQuery['sort']>;
type Order = 'asc' | 'desc';

/**
 * How each sortable column sorts: the order of its first click, and whether
 * the column shows a duration that grows as the sorted time gets older
 * (age, running time, idle time), so its arrow points the other way.
 */
const columnSorts: Partial<Record<Sort, { first: Order; duration?: true }>> = {
  name: { first: 'asc' },
  status: { first: 'asc' },
  gpus: { first: 'desc' },
  node: { first: 'asc' },
  createdAt: { first: 'desc', duration: true },
  runStartedAt: { first: 'asc', duration: true },
  idleSince: { first: 'asc', duration: true },
};

const flip = (order: Order): Order => (order === 'asc' ? 'desc' : 'asc');

/** The backend's default: newest first. */
const DEFAULT_SORT: Sort = 'createdAt';

/**
 * A column title that sorts the list on the backend: a click sorts by the
 * column (longest, most, or A to Z first), a second click reverses.
 */
export function SortTitle(props: {
  label: string;
  sort: Sort;
  query: WorkspaceListQuery;
  onQueryChange(query: WorkspaceListQuery): void;
}) {
  const { label, sort, query, onQueryChange } = props;
  const how = columnSorts[sort] ?? { first: 'asc' };
  const active = (query.sort ?? DEFAULT_SORT) === sort;
  const order: Order = (active && query.order) || how.first;
  const shown = how.duration ? flip(order) : order;
  return (
    <TableSortLabel
      active={active}
      direction={shown}
      onClick={() =>
        onQueryChange({
          ...query,
          sort,
          order: active ? flip(order) : how.first,
        })
      }
    >
      {label}
    </TableSortLabel>
  );
}
