import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One completed request in the API server's audit log (JSON lines). */
export interface AuditEvent {
  verb: string;
  user?: {
    username?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
  };
  objectRef?: {
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
  };
  responseStatus?: { code?: number };
  /** With the `Request` level only. */
  requestObject?: any;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
}

/** An audit log for a control plane about to start. */
export interface AuditLog {
  /** The kube-local arguments that make the API server write the log. */
  args: string[];
  /** The requests completed so far, in log order. */
  read(): AuditEvent[];
}

/**
 * Makes the API server of `startKubeLocal({ args: [...log.args] })` log the
 * requests that `policy` (an audit.k8s.io/v1 Policy, YAML) selects into
 * `dir`, synchronously, so a test or benchmark can count Kubernetes writes
 * and see when they happened.
 */
export function createAuditLog(dir: string, policy: string): AuditLog {
  const policyPath = join(dir, 'audit-policy.yaml');
  const logPath = join(dir, 'audit.log');
  writeFileSync(policyPath, policy);
  writeFileSync(logPath, '');
  return {
    args: [
      `--apiserver-arg=--audit-policy-file=${policyPath}`,
      `--apiserver-arg=--audit-log-path=${logPath}`,
      '--apiserver-arg=--audit-log-mode=blocking',
      '--apiserver-arg=--audit-log-maxsize=0',
    ],
    read: () => readAuditLog(logPath),
  };
}

function readAuditLog(path: string): AuditEvent[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap(line => {
    if (!line.trim()) return [];
    try {
      const event = JSON.parse(line);
      return event.stage === 'ResponseComplete' ? [event as AuditEvent] : [];
    } catch {
      return []; // the last line may be half written
    }
  });
}
