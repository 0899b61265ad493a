/**
 * The Workspaces backend plugin.
 *
 * @packageDocumentation
 */

export { workspacesPlugin as default } from './plugin';
