import type { CoreV1Event } from '@kubernetes/client-node';
import type { DerivedStatus } from './deriveWorkspaceStatus';

/** How ResourceQuota admission words a refusal: over a quota, or a request it needs missing. */
const QUOTA_REFUSAL = /exceeded quota|failed quota/;

/** A refusal of the pod by the namespace's ResourceQuota, from its message. */
export function isQuotaRefusal(message: string): boolean {
  return QUOTA_REFUSAL.test(message);
}

/**
 * No pod yet: being created, unless the StatefulSet's latest FailedCreate
 * (or, with the workload `Pod`, the backend's own create refused, in the
 * same words) says a quota refuses it. The create is tried again; the pod
 * comes once the quota allows it, or the start times out.
 */
export function deriveWithoutPod(ownerEvents: CoreV1Event[]): DerivedStatus {
  const refused = ownerEvents.filter(e => e.reason === 'FailedCreate').pop();
  if (refused && isQuotaRefusal(refused.message ?? '')) {
    const message = `Pending: the namespace's quota refuses the pod: ${refused.message}`;
    return { status: 'Pending', reason: 'QuotaExceeded', message };
  }
  return {
    status: 'Creating',
    reason: 'CreatingObjects',
    message: "Creating the workspace's objects",
  };
}
