export { WorkspaceLogs } from './WorkspaceLogs';
