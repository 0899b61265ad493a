export { EntityWorkspacesContent } from './EntityWorkspacesContent';
