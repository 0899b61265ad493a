/**
 * A search collator module that indexes workspaces, with results filtered by
 * the reader's permissions.
 *
 * @packageDocumentation
 */

export { searchModuleWorkspacesCollator as default } from './module';
