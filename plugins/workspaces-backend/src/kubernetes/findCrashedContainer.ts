import type { V1Pod } from '@kubernetes/client-node';

/** A container of a pod that crashed, and which of its logs tells why. */
export interface CrashedContainer {
  name: string;
  exitCode?: number;
  reason?: string;
  /**
   * The crashed instance is the previous one (the container waits to be
   * restarted, e.g. in CrashLoopBackOff); otherwise the current one ended.
   */
  previous: boolean;
}

/**
 * The container whose crash failed a pod: one waiting to be restarted after
 * it ended, else one that ended with a non-zero exit code; init containers
 * first, as they run first.
 */
export function findCrashedContainer(pod: V1Pod): CrashedContainer | undefined {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const status of statuses) {
    const lastExit = status.lastState?.terminated;
    if (status.state?.waiting && lastExit) {
      return {
        name: status.name,
        exitCode: lastExit.exitCode,
        reason: lastExit.reason,
        previous: true,
      };
    }
  }
  for (const status of statuses) {
    const ended = status.state?.terminated;
    if (ended && ended.exitCode !== 0) {
      return {
        name: status.name,
        exitCode: ended.exitCode,
        reason: ended.reason,
        previous: false,
      };
    }
  }
  return undefined;
}
