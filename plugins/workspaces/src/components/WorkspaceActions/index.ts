export { WorkspaceActions } from './WorkspaceActions';
export { ToolLinks } from './ToolLinks';
