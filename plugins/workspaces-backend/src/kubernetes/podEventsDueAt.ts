import type { V1Pod } from '@kubernetes/client-node';

/**
 * How long a young pod's container may wait to be created before the pod's
 * events are listed to tell whether its image is being pulled. A pod whose
 * image is on the node starts within it, so a burst of starts costs the
 * API server no event list (each list of a namespace's events filters all
 * of them: docs/benchmarks.md); a longer pull shows "Pulling image …" from
 * then on.
 */
export const PULL_SHOWN_AFTER_MS = 5_000;

/** Waiting reasons of a container on its way up, not of a failure. */
const CREATING = ['ContainerCreating', 'PodInitializing'];

/**
 * From when (ms since the epoch) the status of a pod on its way up needs
 * the pod's events to be told (see deriveWorkspaceStatus), or undefined
 * when it needs none:
 *
 * - a pod the scheduler refused without saying why, or a container that
 *   waits for another reason (a failed pull without a message): at once;
 * - a container being created (a pull may be in progress): once the pod
 *   is PULL_SHOWN_AFTER_MS old, by its creation time (whole seconds, so
 *   up to a second sooner);
 * - a pod being scheduled, or whose containers run and are not ready yet,
 *   is described by its own status: never.
 */
export function podEventsDueAt(pod: V1Pod): number | undefined {
  const scheduled = pod.status?.conditions?.find(
    condition => condition.type === 'PodScheduled',
  );
  if (scheduled?.status === 'False' && !scheduled.message) {
    return 0;
  }
  const waiting = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].flatMap(status => (status.state?.waiting ? [status.state.waiting] : []));
  if (waiting.length === 0) {
    return undefined;
  }
  if (
    waiting.some(
      ({ reason }) => !CREATING.includes(reason ?? 'ContainerCreating'),
    )
  ) {
    return 0;
  }
  const created = pod.metadata?.creationTimestamp;
  return created ? new Date(created).getTime() + PULL_SHOWN_AFTER_MS : 0;
}
