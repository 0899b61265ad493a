import {
  AuditEvent,
  createAuditLog,
  KubeLocal,
  startKubeLocal,
} from '@internal/kube-local';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { prepareTestCluster } from '../../__testUtils__/kubernetesTestCluster';

/** One request of the plugin's ServiceAccount, from the API server's audit log. */
export interface KubernetesRequest {
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  code: number;
  /** The token's id: tells two replicas with tokens of their own apart. */
  credentialId: string;
  receivedMs: number;
  completedMs: number;
  /** The body of a write (e.g. the manifest of a server-side apply). */
  requestObject?: unknown;
}

const writeVerbs = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

export const isWrite = (r: KubernetesRequest) => writeVerbs.has(r.verb);

/**
 * The plugin's ServiceAccount (deploy/rbac.yaml) is in this namespace; its
 * writes are logged with their bodies, so two writes of one intent can be
 * told from two different ones.
 */
const policy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Request
    userGroups: ['system:serviceaccounts:backstage']
    verbs: [${[...writeVerbs].join(', ')}]
  - level: Metadata
    userGroups: ['system:serviceaccounts:backstage']
  - level: None
`;

/**
 * A control plane of its own whose API server keeps an audit log of every
 * request the plugin's ServiceAccount makes, so a test can count the
 * Kubernetes writes the plugin did (and who did them) rather than guess
 * from the objects.
 */
export interface AuditedCluster {
  kube: KubeLocal;
  /** A fresh token of the plugin's ServiceAccount (one per replica). */
  pluginToken(): Promise<string>;
  /** Every request of the plugin's ServiceAccount so far, in log order. */
  requests(): KubernetesRequest[];
  stop(): Promise<void>;
}

export async function startAuditedCluster(
  namespaces: string[],
): Promise<AuditedCluster> {
  const auditLog = createAuditLog(
    mkdtempSync(join(tmpdir(), 'workspaces-audit-')),
    policy,
  );
  const kube = await startKubeLocal({ args: auditLog.args });
  await prepareTestCluster(kube, namespaces);
  return {
    kube,
    pluginToken: () => prepareTestCluster(kube, []),
    requests: () => auditLog.read().map(toRequest),
    stop: () => kube.stop(),
  };
}

function toRequest(event: AuditEvent): KubernetesRequest {
  const ref = event.objectRef ?? {};
  return {
    verb: event.verb,
    resource: ref.resource ?? '',
    subresource: ref.subresource,
    namespace: ref.namespace,
    name: ref.name,
    code: event.responseStatus?.code ?? 0,
    credentialId:
      event.user?.extra?.['authentication.kubernetes.io/credential-id']?.[0] ??
      '',
    receivedMs: Date.parse(event.requestReceivedTimestamp),
    completedMs: Date.parse(event.stageTimestamp),
    requestObject: event.requestObject,
  };
}
