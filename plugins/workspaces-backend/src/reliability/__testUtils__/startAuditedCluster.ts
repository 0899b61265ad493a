import { KubeLocal, startKubeLocal } from '@internal/kube-local';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
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
}

const writeVerbs = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

export const isWrite = (r: KubernetesRequest) => writeVerbs.has(r.verb);

/** The plugin's ServiceAccount (deploy/rbac.yaml) is in this namespace. */
const policy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
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
  const dir = mkdtempSync(join(tmpdir(), 'workspaces-audit-'));
  const policyPath = join(dir, 'audit-policy.yaml');
  const logPath = join(dir, 'audit.log');
  writeFileSync(policyPath, policy);
  const kube = await startKubeLocal({
    args: [
      `--apiserver-arg=--audit-policy-file=${policyPath}`,
      `--apiserver-arg=--audit-log-path=${logPath}`,
      '--apiserver-arg=--audit-log-mode=blocking',
      '--apiserver-arg=--audit-log-maxsize=0',
    ],
  });
  await prepareTestCluster(kube, namespaces);
  return {
    kube,
    pluginToken: () => prepareTestCluster(kube, []),
    requests: () => readAuditLog(logPath),
    stop: () => kube.stop(),
  };
}

function readAuditLog(path: string): KubernetesRequest[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const requests: KubernetesRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      // the last line may be half written
      continue;
    }
    if (event.stage !== 'ResponseComplete') continue;
    const ref = event.objectRef ?? {};
    requests.push({
      verb: event.verb,
      resource: ref.resource,
      subresource: ref.subresource,
      namespace: ref.namespace,
      name: ref.name,
      code: event.responseStatus?.code ?? 0,
      credentialId:
        event.user?.extra?.[
          'authentication.kubernetes.io/credential-id'
        ]?.[0] ?? '',
      receivedMs: Date.parse(event.requestReceivedTimestamp),
      completedMs: Date.parse(event.stageTimestamp),
    });
  }
  return requests;
}
