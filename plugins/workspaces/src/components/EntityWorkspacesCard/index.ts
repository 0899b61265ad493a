export { EntityWorkspacesCard } from './EntityWorkspacesCard';
