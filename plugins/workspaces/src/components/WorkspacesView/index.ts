export { WorkspacesView, NoWorkspaces } from './WorkspacesView';
