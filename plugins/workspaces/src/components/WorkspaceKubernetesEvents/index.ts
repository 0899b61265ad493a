export { WorkspaceKubernetesEvents } from './WorkspaceKubernetesEvents';
