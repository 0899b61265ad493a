/**
 * Isomorphic types, permissions and constants of the Workspaces plugin family.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './buildingBlocks';
export * from './permissions';
export * from './projects';
export * from './quantity';
