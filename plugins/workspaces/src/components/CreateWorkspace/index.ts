export { WorkspaceDialog } from './WorkspaceDialog';
export type { WorkspaceDialogProps } from './WorkspaceDialog';
export { CreateWorkspaceButton } from './CreateWorkspaceButton';
