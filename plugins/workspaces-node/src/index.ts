/**
 * Extension points and types that backend modules of the Workspaces plugin
 * compile against.
 *
 * @packageDocumentation
 */

export * from './extensions';
