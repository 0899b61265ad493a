import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What acts on the workspaces' intents, e.g. the Kubernetes runtime. The
 * service records every intent (desired state, spec) in the database first and
 * then tells the runtime, which converges the workspace from there: the
 * database, not the call, is the source of truth, so a missed call is
 * repaired by the runtime's own sweep.
 * @public
 */
export interface WorkspaceRuntime {
  /** A workspace's desired state or spec changed; converge it soon. */
  workspaceChanged(workspaceId: string): void;
}

/** @public */
export interface WorkspacesRuntimeExtensionPoint {
  setRuntime(runtime: WorkspaceRuntime): void;
}

/**
 * Lets a backend module provide the runtime. Only one may be set.
 * @public
 */
export const workspacesRuntimeExtensionPoint =
  createExtensionPoint<WorkspacesRuntimeExtensionPoint>({
    id: 'workspaces.runtime',
  });
