import type { V1Pod } from '@kubernetes/client-node';

/**
 * Whether the status of a pod on its way up needs the pod's events to be
 * told (see deriveWorkspaceStatus): only a container that waits (a pull in
 * progress, a pull that failed without a message) or a pod the scheduler
 * refused without saying why. A pod being scheduled, or whose containers
 * run and are not ready yet, is described by its own status, so the events
 * are not listed for it: a start costs fewer lists.
 */
export function needsPodEvents(pod: V1Pod): boolean {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const scheduled = pod.status?.conditions?.find(
    condition => condition.type === 'PodScheduled',
  );
  return (
    statuses.some(status => status.state?.waiting) ||
    (scheduled?.status === 'False' && !scheduled.message)
  );
}
