import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';

/**
 * Supplies building blocks besides those in `workspaces:` of the app config,
 * e.g. environments read from an image registry.
 * @public
 */
export interface WorkspaceBuildingBlocksProvider {
  /** A short name for logs and errors, e.g. `image-registry`. */
  readonly name: string;
  getBuildingBlocks(): Promise<Partial<WorkspaceBuildingBlocks>>;
}

/** @public */
export interface WorkspacesBuildingBlocksExtensionPoint {
  addProvider(provider: WorkspaceBuildingBlocksProvider): void;
}

/**
 * Lets backend modules add building blocks. Ids must not clash with those of
 * the config or of other providers; a clash fails the backend start.
 * @public
 */
export const workspacesBuildingBlocksExtensionPoint =
  createExtensionPoint<WorkspacesBuildingBlocksExtensionPoint>({
    id: 'workspaces.building-blocks',
  });
