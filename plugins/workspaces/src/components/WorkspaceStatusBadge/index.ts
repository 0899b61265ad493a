export { WorkspaceStatusBadge } from './WorkspaceStatusBadge';
