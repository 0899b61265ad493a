import { ConflictError, InputError } from '@backstage/errors';
import {
  AppsV1Api,
  CoreV1Api,
  CoreV1Event,
  KubeConfig,
  V1Pod,
} from '@kubernetes/client-node';
import {
  KubernetesEvent,
  WorkspaceCrashLog,
  WorkspaceObject,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  WorkspaceLogOptions,
  WorkspaceLogs,
  WorkspaceRuntimeRef,
} from '@backstage-workspaces/plugin-workspaces-node';
import http from 'http';
import https from 'https';
import tls from 'tls';
import {
  describeEvent,
  describePod,
  describeStatefulSet,
  describeVolumeClaim,
  newestFirst,
} from './describeWorkspaceObjects';
import {
  WORKSPACE_ID_LABEL,
  workspacePodName,
  workspaceStatefulSetName,
} from './labels';
import { findCrashedContainer } from './findCrashedContainer';
import { sharedTlsContext } from './sharedTlsContext';
import { namespaceRbacCommand } from './renderNamespaceRbac';
import { isNotFound, WorkspaceObjects } from './WorkspaceObjects';

interface InspectedCluster {
  kubeConfig: KubeConfig;
  objects: WorkspaceObjects;
}

/** The containers of a pod, init containers first, as `name (init)`. */
function containerNames(pod: V1Pod) {
  return [
    ...(pod.spec?.initContainers ?? []).map(c => ({
      name: c.name,
      init: true,
    })),
    ...(pod.spec?.containers ?? []).map(c => ({ name: c.name, init: false })),
  ];
}

/**
 * The container whose log to read: the one asked for, which must be one of
 * the pod's (init containers too), or the pod's only container.
 */
export function chooseLogContainer(pod: V1Pod, asked?: string): string {
  const containers = containerNames(pod);
  const listed = containers
    .map(c => (c.init ? `${c.name} (init)` : c.name))
    .join(', ');
  if (asked === undefined || asked === '') {
    if (containers.length === 1) {
      return containers[0].name;
    }
    throw new InputError(
      `container: required, the workspace's pod has several containers: ${listed}`,
    );
  }
  if (!containers.some(c => c.name === asked)) {
    throw new InputError(
      `container: '${asked}' is not a container of the workspace's pod; use one of ${listed}`,
    );
  }
  return asked;
}

/** How many of a crashed container's last log lines are kept, and in how many bytes at most. */
const CRASH_LOG_LINES = 10;
const CRASH_LOG_BYTES = 4096;
/** How long capturing them may hold up recording the failure. */
const CRASH_LOG_TIMEOUT_MS = 5_000;

/** Reads a stream to its end, as text. */
async function readToEnd(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Log requests to the API servers still open (follow streams among them). */
const logRequests = new Set<http.ClientRequest>();

/** How many log requests to the API servers are open in this process (tests count leaks). */
export function openLogRequests(): number {
  return logRequests.size;
}

/**
 * What a workspace's objects are doing, for people finding out why: its
 * containers' logs (the API server's pods/log), the events of its pod,
 * StatefulSet and volume claims, and their live state. Reads only.
 */
export class WorkspaceInspector {
  constructor(private readonly clusters: Map<string, InspectedCluster>) {}

  async readLogs(
    workspace: WorkspaceRuntimeRef,
    options: WorkspaceLogOptions & { signal?: AbortSignal },
  ): Promise<WorkspaceLogs> {
    const { kubeConfig } = this.clusterOf(workspace);
    const pod = await this.currentPod(workspace);
    if (!pod) {
      throw new ConflictError(
        `Workspace ${workspace.name} has no pod, so no logs: it is not running; start it to see its logs`,
      );
    }
    const podName = pod.metadata!.name!;
    const container = chooseLogContainer(pod, options.container);
    const query = new URLSearchParams({ container });
    query.set('limitBytes', String(options.limitBytes));
    if (options.tailLines !== undefined) {
      query.set('tailLines', String(options.tailLines));
    }
    if (options.sinceSeconds !== undefined) {
      query.set('sinceSeconds', String(options.sinceSeconds));
    }
    if (options.previous) query.set('previous', 'true');
    if (options.follow) query.set('follow', 'true');
    const stream = await this.openLog(
      kubeConfig,
      workspace.namespace,
      `/api/v1/namespaces/${encodeURIComponent(
        workspace.namespace,
      )}/pods/${encodeURIComponent(podName)}/log?${query}`,
      options.signal,
    );
    return { podName, container, stream };
  }

  /**
   * The last lines of the log of the pod's container that crashed (its
   * previous instance while it waits to be restarted, else the current
   * one), to keep once the pod is gone; undefined when no container crashed
   * or its log can't be read (a failure is recorded all the same).
   */
  async captureCrashLog(
    workspace: WorkspaceRuntimeRef,
    pod: V1Pod,
  ): Promise<WorkspaceCrashLog | undefined> {
    const crashed = findCrashedContainer(pod);
    if (!crashed) return undefined;
    const read = async (previous: boolean) => {
      const logs = await this.readLogs(workspace, {
        container: crashed.name,
        tailLines: CRASH_LOG_LINES,
        limitBytes: CRASH_LOG_BYTES,
        previous,
        signal: AbortSignal.timeout(CRASH_LOG_TIMEOUT_MS),
      });
      return readToEnd(logs.stream);
    };
    let text: string;
    try {
      text = await read(crashed.previous);
    } catch {
      if (!crashed.previous) return undefined;
      // no previous instance kept (e.g. the node restarted): the current one
      text = await read(false).catch(() => '');
    }
    const lines = text.replace(/\n$/, '').split('\n');
    return {
      container: crashed.name,
      ...(crashed.exitCode !== undefined && { exitCode: crashed.exitCode }),
      ...(crashed.reason && { reason: crashed.reason }),
      lines: text === '' ? [] : lines.slice(-CRASH_LOG_LINES),
    };
  }

  /**
   * Sends the log request; resolves with the body once the API server
   * answers 200, and rejects with its message otherwise (e.g. a container
   * still waiting to start, or no previous instance: a 409).
   */
  private async openLog(
    kubeConfig: KubeConfig,
    namespace: string,
    path: string,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    const options: https.RequestOptions &
      Pick<tls.ConnectionOptions, 'secureContext'> = {};
    await kubeConfig.applyToHTTPSOptions(options);
    const url = new URL(`${kubeConfig.getCurrentCluster()!.server}${path}`);
    const transport = url.protocol === 'https:' ? https : http;
    if (transport === https) {
      options.secureContext = sharedTlsContext(options);
    }
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { ...options, method: 'GET' });
      logRequests.add(request);
      const abort = () => request.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      request.on('close', () => {
        logRequests.delete(request);
        signal?.removeEventListener('abort', abort);
      });
      request.on('error', reject);
      request.on('response', response => {
        if (response.statusCode === 200) {
          resolve(response);
          return;
        }
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (body += chunk));
        response.on('end', () => {
          let message = body;
          try {
            message = JSON.parse(body).message ?? body;
          } catch {
            // not a Status: the body is the message
          }
          if (response.statusCode === 400) {
            // the request was checked: what is wrong is the container's state
            reject(
              new ConflictError(
                `The workspace's log can't be read: ${message}`,
              ),
            );
          } else if (response.statusCode === 403) {
            reject(
              new Error(
                `The plugin may not get pods/log in namespace ${namespace}; apply its Role there: ${namespaceRbacCommand(
                  namespace,
                )}`,
              ),
            );
          } else {
            reject(
              new Error(
                `Reading the log failed (${response.statusCode}): ${message}`,
              ),
            );
          }
        });
      });
      if (signal?.aborted) {
        abort();
      }
      request.end();
    });
  }

  /** The events of the workspace's pod, StatefulSet and volume claims, newest first. */
  async listEvents(workspace: WorkspaceRuntimeRef): Promise<KubernetesEvent[]> {
    const { kubeConfig } = this.clusterOf(workspace);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const claims = await core.listNamespacedPersistentVolumeClaim({
      namespace: workspace.namespace,
      labelSelector: `${WORKSPACE_ID_LABEL}=${workspace.id}`,
    });
    const involved = [
      { kind: 'Pod', name: workspacePodName(workspace.name) },
      { kind: 'StatefulSet', name: workspaceStatefulSetName(workspace.name) },
      ...claims.items.map(claim => ({
        kind: 'PersistentVolumeClaim',
        name: claim.metadata!.name!,
      })),
    ];
    const found: CoreV1Event[] = [];
    for (const { kind, name } of involved) {
      const { items } = await core.listNamespacedEvent({
        namespace: workspace.namespace,
        fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
      });
      found.push(...items);
    }
    return newestFirst(found.map(describeEvent));
  }

  /**
   * The pod (from the watch cache while it is synced), the StatefulSet and
   * the volume claims of a workspace, as they are now.
   */
  async describeObjects(
    workspace: WorkspaceRuntimeRef,
  ): Promise<WorkspaceObject[]> {
    const { kubeConfig } = this.clusterOf(workspace);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const described: WorkspaceObject[] = [];
    const pod = await this.currentPod(workspace);
    if (pod) {
      described.push(describePod(pod));
    }
    const set = await apps
      .readNamespacedStatefulSet({
        namespace: workspace.namespace,
        name: workspaceStatefulSetName(workspace.name),
      })
      .catch(error => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
    if (set?.metadata?.labels?.[WORKSPACE_ID_LABEL] === workspace.id) {
      described.push(describeStatefulSet(set));
    }
    const claims = await core.listNamespacedPersistentVolumeClaim({
      namespace: workspace.namespace,
      labelSelector: `${WORKSPACE_ID_LABEL}=${workspace.id}`,
    });
    described.push(...claims.items.map(describeVolumeClaim));
    return described;
  }

  /** The workspace's pod, if it has one now (and it is this workspace's). */
  private async currentPod(
    workspace: WorkspaceRuntimeRef,
  ): Promise<V1Pod | undefined> {
    const pod = await this.clusterOf(workspace).objects.readPod(
      workspace.namespace,
      workspacePodName(workspace.name),
    );
    return pod?.metadata?.labels?.[WORKSPACE_ID_LABEL] === workspace.id
      ? pod
      : undefined;
  }

  private clusterOf(workspace: Pick<WorkspaceRuntimeRef, 'cluster'>) {
    const cluster = workspace.cluster
      ? this.clusters.get(workspace.cluster)
      : this.clusters.values().next().value;
    if (!cluster) {
      throw new Error(`Cluster ${workspace.cluster} is not configured`);
    }
    return cluster;
  }
}
