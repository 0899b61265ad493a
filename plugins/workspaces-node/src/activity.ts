import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { WorkspaceRuntimeRef } from './runtime';

/**
 * A running workspace whose activity is asked for.
 * @public
 */
export interface WorkspaceActivityTarget extends WorkspaceRuntimeRef {
  projectRef: string;
  environmentId: string;
  computePresetId: string;
  gpus: number;
}

/**
 * What a source knows of a workspace's use.
 * @public
 */
export interface WorkspaceActivity {
  /** The last time the workspace was used, as far as this source can tell. */
  lastActiveAt?: Date;
  /** In use right now (a busy kernel, a GPU at work): never idle. */
  busy?: boolean;
}

/**
 * A signal of activity for idle auto-stops besides the tool proxy's traffic,
 * e.g. GPU utilization from a metrics system. Return undefined when the
 * source knows nothing of the workspace; errors count as "knows nothing".
 * @public
 */
export interface WorkspaceActivitySource {
  /** A short name for logs, e.g. `dcgm-gpu`. */
  readonly name: string;
  readActivity(
    workspace: WorkspaceActivityTarget,
  ): Promise<WorkspaceActivity | undefined>;
}

/** @public */
export interface WorkspacesActivityExtensionPoint {
  addActivitySource(source: WorkspaceActivitySource): void;
}

/**
 * Lets backend modules add activity signals (e.g. GPU busy) that keep
 * workspaces from being stopped as idle.
 * @public
 */
export const workspacesActivityExtensionPoint =
  createExtensionPoint<WorkspacesActivityExtensionPoint>({
    id: 'workspaces.activity',
  });
