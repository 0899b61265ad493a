import {
  closeSync,
  fstatSync,
  openSync,
  readSync,
  writeFileSync,
} from 'node:fs';
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
      // one file, whatever its size (in MB; 0 would mean rotate at 100 MB)
      '--apiserver-arg=--audit-log-maxsize=1000000',
    ],
    read: auditLogReader(logPath),
  };
}

/**
 * Reads the log as it grows: each call parses only the lines appended since
 * the last one, so polling a log of a million requests stays cheap.
 */
function auditLogReader(path: string): () => AuditEvent[] {
  const events: AuditEvent[] = [];
  let offset = 0;
  return () => {
    const fd = openSync(path, 'r');
    try {
      const { size } = fstatSync(fd);
      const chunk = Buffer.alloc(Math.max(0, size - offset));
      readSync(fd, chunk, 0, chunk.length, offset);
      // up to the last complete line: the last may be half written
      const end = chunk.lastIndexOf('\n') + 1;
      offset += end;
      for (const line of chunk.subarray(0, end).toString('utf8').split('\n')) {
        const event = parseLine(line);
        if (event) events.push(event);
      }
    } finally {
      closeSync(fd);
    }
    return [...events];
  };
}

function parseLine(line: string): AuditEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    const event = JSON.parse(line);
    return event.stage === 'ResponseComplete' ? event : undefined;
  } catch {
    return undefined;
  }
}
