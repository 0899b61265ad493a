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

  /**
   * The host (e.g. the pod IP) at which the tool ports of a running
   * workspace can be reached by the backend; undefined while they can't.
   * Without it the backend cannot proxy to the workspace's tools.
   */
  findToolHost?(workspace: WorkspaceRuntimeRef): Promise<string | undefined>;

  /**
   * The resource quotas of a namespace (e.g. its Kubernetes ResourceQuotas,
   * hard and used), so that a start that would not fit is refused up front.
   */
  readResourceQuotas?(
    target: Pick<WorkspaceRuntimeRef, 'namespace' | 'cluster'>,
  ): Promise<WorkspaceResourceQuota[]>;
}

/**
 * A namespace's resource quota: resource names such as
 * `requests.nvidia.com/gpu` with quantities.
 * @public
 */
export interface WorkspaceResourceQuota {
  name: string;
  hard: Record<string, string>;
  used: Record<string, string>;
}

/**
 * A workspace as a runtime finds its workload.
 * @public
 */
export interface WorkspaceRuntimeRef {
  id: string;
  name: string;
  namespace: string;
  cluster?: string;
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
