export { WorkspacesTable } from './WorkspacesTable';
