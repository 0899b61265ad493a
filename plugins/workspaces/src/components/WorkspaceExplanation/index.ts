export { WorkspaceExplanationPanel } from './WorkspaceExplanationPanel';
