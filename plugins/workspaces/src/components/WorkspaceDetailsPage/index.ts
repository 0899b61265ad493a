export { WorkspaceDetailsPage } from './WorkspaceDetailsPage';
