/**
 * Extension points and types that backend modules of the Workspaces plugin
 * compile against, and the permission rules and conditions that policies use.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './permissions';
export * from './defaultPolicy';
export * from './runtime';
export * from './activity';
