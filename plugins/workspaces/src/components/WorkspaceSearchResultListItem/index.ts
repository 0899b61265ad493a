export {
  WorkspaceSearchResultListItem,
  type WorkspaceSearchResultListItemProps,
} from './WorkspaceSearchResultListItem';
