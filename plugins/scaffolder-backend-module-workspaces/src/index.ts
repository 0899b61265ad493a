/**
 * Scaffolder actions for workspaces.
 *
 * @packageDocumentation
 */

export { scaffolderModuleWorkspaces as default } from './module';
