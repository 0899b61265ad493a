export { WorkspaceObjects } from './WorkspaceObjects';
