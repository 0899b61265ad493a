import {
  createAuditLog,
  KubeLocal,
  startKubeLocal,
} from '@internal/kube-local';
import { prepareTestCluster } from '../../plugins/workspaces-backend/src/__testUtils__/kubernetesTestCluster';
import { writeBenchRuntimes } from './benchRuntimes';

/**
 * What the API server's audit log records: every request of the plugin's
 * ServiceAccount (deploy/rbac.yaml, namespace `backstage`) and of the
 * JupyterHub peer's (namespace `bench-hub`, bench/lib/startJupyterHub.ts) but
 * their watches; the writes of the controller manager's controllers (each
 * with a ServiceAccount of kube-system), every pod status the node
 * simulator writes, with the pod (when it turned Ready), and every pod's
 * create and binding to a node, whoever asked (the timeline of a burst).
 */
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Request
    resources: [{ group: '', resources: ['pods/status'] }]
    verbs: [update, patch]
  - level: Metadata
    resources: [{ group: '', resources: ['pods', 'pods/binding'] }]
    verbs: [create]
  - level: Metadata
    userGroups: ['system:serviceaccounts:backstage', 'system:serviceaccounts:bench-hub']
    verbs: [get, list, create, update, patch, delete, deletecollection]
  - level: Metadata
    userGroups: ['system:serviceaccounts:kube-system']
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** One request of a ServiceAccount (the plugin's or the peer's). */
export interface PluginRequest {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  code: number;
  completedMs: number;
}

/** A pod status written with the pod Ready. */
export interface PodReady {
  namespace: string;
  name: string;
  completedMs: number;
}

/**
 * A burst's pods on the API server's clock, ms since its start: when each
 * was created, bound to the node by the scheduler, and written Ready.
 */
export interface PodTimeline {
  created: number[];
  bound: number[];
  ready: number[];
}

export interface BenchCluster {
  kube: KubeLocal;
  /** A token of the plugin's ServiceAccount, for the backend. */
  pluginToken: string;
  /** Its writes: create, update, patch, delete. */
  pluginWrites(): PluginRequest[];
  /** Its reads: get and list (watches are not counted). */
  pluginReads(): PluginRequest[];
  /** Every request (watches aside) of the ServiceAccounts of a namespace. */
  requestsOf(serviceAccountNamespace: string): PluginRequest[];
  /** The writes of the controller manager's controllers (StatefulSet, garbage collector, ...). */
  controllerWrites(): PluginRequest[];
  /**
   * The first time each pod was written Ready (at or after `sinceMs`: a pod
   * of the same name may have run before), by `namespace/name`.
   */
  podsReady(sinceMs?: number): Map<string, PodReady>;
  /** The first create, binding and Ready of each pod of a namespace since `sinceMs`. */
  podTimeline(namespace: string, sinceMs: number): PodTimeline;
  stop(): Promise<void>;
}

/**
 * The local control plane with one simulated node big enough for thousands
 * of workspace pods, deploy/rbac.yaml and the projects' namespaces.
 */
export async function startBenchCluster(
  runDir: string,
  namespaces: string[],
  pods: number,
): Promise<BenchCluster> {
  const auditLog = createAuditLog(runDir, auditPolicy);
  const capacity = Math.max(110, Math.ceil(pods * 1.2));
  const kube = await startKubeLocal({
    runtimes: writeBenchRuntimes(runDir),
    args: [
      '--nodes',
      `sim-cpu-0:cpu=${capacity},memory=${capacity * 4}Gi,pods=${capacity}`,
      ...auditLog.args,
      // an experiment with the controller-manager's queues and client rate,
      // e.g. BENCH_KCM_ARGS='--kube-api-qps=200 --concurrent-statefulset-syncs=50'
      ...(process.env.BENCH_KCM_ARGS ?? '')
        .split(' ')
        .filter(Boolean)
        .map(arg => `--controller-manager-arg=${arg}`),
    ],
  });
  const pluginToken = await prepareTestCluster(kube, namespaces);
  const events = auditLog.read;
  const requestsOf = (serviceAccountNamespace: string) =>
    events()
      .filter(event =>
        event.user?.username?.startsWith(
          `system:serviceaccount:${serviceAccountNamespace}:`,
        ),
      )
      .map(event => ({
        verb: event.verb,
        resource: event.objectRef?.resource,
        namespace: event.objectRef?.namespace,
        name: event.objectRef?.name,
        code: event.responseStatus?.code ?? 0,
        completedMs: Date.parse(event.stageTimestamp),
      })) as PluginRequest[];
  const pluginRequests = () => requestsOf('backstage');
  return {
    kube,
    pluginToken,
    requestsOf,
    controllerWrites: () =>
      requestsOf('kube-system').filter(request =>
        WRITES.includes(request.verb),
      ),
    pluginWrites: () =>
      pluginRequests().filter(request => WRITES.includes(request.verb)),
    pluginReads: () =>
      pluginRequests().filter(request => !WRITES.includes(request.verb)),
    podsReady,
    podTimeline: (namespace, sinceMs) => {
      const firstOf = (subresource?: string) => {
        const first = new Map<string, number>();
        for (const event of events()) {
          const ref = event.objectRef;
          if (
            event.verb !== 'create' ||
            ref?.resource !== 'pods' ||
            ref.subresource !== subresource ||
            ref.namespace !== namespace ||
            (event.responseStatus?.code ?? 0) >= 300
          ) {
            continue;
          }
          const at = Date.parse(event.stageTimestamp);
          const name = ref.name ?? '';
          if (at >= sinceMs && !first.has(name)) first.set(name, at);
        }
        return [...first.values()].map(at => at - sinceMs);
      };
      return {
        created: firstOf(undefined),
        bound: firstOf('binding'),
        ready: [...podsReady(sinceMs).values()]
          .filter(pod => pod.namespace === namespace)
          .map(pod => pod.completedMs - sinceMs),
      };
    },
    stop: () => kube.stop(),
  };

  function podsReady(sinceMs = 0): Map<string, PodReady> {
    const ready = new Map<string, PodReady>();
    for (const event of events()) {
      const pod = event.requestObject;
      if (event.objectRef?.subresource !== 'status' || !pod) continue;
      const { namespace = '', name = '' } = event.objectRef;
      const key = `${namespace}/${name}`;
      const isReady = pod.status?.conditions?.some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      );
      const ok = (event.responseStatus?.code ?? 0) < 300;
      const completedMs = Date.parse(event.stageTimestamp);
      if (isReady && !ready.has(key) && ok && completedMs >= sinceMs) {
        ready.set(key, { namespace, name, completedMs });
      }
    }
    return ready;
  }
}
