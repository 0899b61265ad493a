import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  KubernetesEvent,
  WorkspaceObject,
} from '@backstage-workspaces/plugin-workspaces-common';

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

  /**
   * Opens a container's log of the workspace's current pod. Rejects with a
   * `ConflictError` when the workspace has no pod, and an `InputError`
   * naming the containers when `container` is not one of them (or is
   * missing where the pod has several); resolves once the log can be read.
   */
  readLogs?(
    workspace: WorkspaceRuntimeRef,
    options: WorkspaceLogOptions,
  ): Promise<WorkspaceLogs>;

  /** The events of the workspace's objects, newest first. */
  listEvents?(workspace: WorkspaceRuntimeRef): Promise<KubernetesEvent[]>;

  /** The live state of each object the workspace owns. */
  describeObjects?(workspace: WorkspaceRuntimeRef): Promise<WorkspaceObject[]>;
}

/**
 * Which log to read, with the caller's limits already checked.
 * @public
 */
export interface WorkspaceLogOptions {
  /** The container (init containers too); optional where the pod has one. */
  container?: string;
  /** The last lines only. */
  tailLines?: number;
  /** Only lines of the last this many seconds. */
  sinceSeconds?: number;
  /** The container's previous instance, before its last restart. */
  previous?: boolean;
  /** Keep streaming new lines until the container ends or `signal` aborts. */
  follow?: boolean;
  /** At most this many bytes. */
  limitBytes: number;
  /** Aborting it ends the log's stream and lets go of its connection. */
  signal?: AbortSignal;
}

/**
 * A container's log, found and ready to be read.
 * @public
 */
export interface WorkspaceLogs {
  /** The pod whose log this is. */
  podName: string;
  /** The container whose log this is (the pod's only one where none was asked for). */
  container: string;
  /** The log's bytes; it ends with the log (or when `signal` aborts). */
  stream: NodeJS.ReadableStream;
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
