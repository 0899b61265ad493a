export { WorkspacesGrid } from './WorkspacesGrid';
export type { WorkspacesGridProps } from './WorkspacesGrid';
