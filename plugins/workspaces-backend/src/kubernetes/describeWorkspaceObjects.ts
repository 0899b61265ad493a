import {
  CoreV1Event,
  V1ContainerState,
  V1ContainerStatus,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  KubernetesEvent,
  WorkspaceObject,
} from '@backstage-workspaces/plugin-workspaces-common';

type ContainerState = NonNullable<
  NonNullable<WorkspaceObject['pod']>['containers'][number]['lastState']
>;

const iso = (time?: Date | string) =>
  time === undefined || time === null
    ? undefined
    : new Date(time).toISOString();

/** Leaves out the keys whose value is undefined (the contract has no nulls). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

function describeState(state?: V1ContainerState): ContainerState | undefined {
  if (state?.running) {
    return defined({
      state: 'running' as const,
      startedAt: iso(state.running.startedAt),
    });
  }
  if (state?.terminated) {
    const { reason, message, exitCode, startedAt, finishedAt } =
      state.terminated;
    return defined({
      state: 'terminated' as const,
      reason,
      message,
      exitCode,
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
    });
  }
  if (state?.waiting) {
    const { reason, message } = state.waiting;
    return defined({ state: 'waiting' as const, reason, message });
  }
  return undefined;
}

function describeContainer(
  name: string,
  image: string,
  init: boolean,
  status?: V1ContainerStatus,
) {
  return defined({
    name,
    init,
    image: status?.image ?? image,
    ready: status?.ready ?? false,
    restartCount: status?.restartCount ?? 0,
    state: describeState(status?.state) ?? { state: 'unknown' as const },
    lastState: describeState(status?.lastState),
  });
}

/** A pod's phase, conditions, node and containers (init containers first). */
export function describePod(pod: V1Pod): WorkspaceObject {
  const statuses = (list?: V1ContainerStatus[]) =>
    new Map((list ?? []).map(status => [status.name, status]));
  const initStatuses = statuses(pod.status?.initContainerStatuses);
  const appStatuses = statuses(pod.status?.containerStatuses);
  return defined({
    kind: 'Pod' as const,
    name: pod.metadata?.name ?? '',
    createdAt: iso(pod.metadata?.creationTimestamp),
    pod: defined({
      phase: pod.status?.phase ?? 'Unknown',
      reason: pod.status?.reason,
      message: pod.status?.message,
      nodeName: pod.spec?.nodeName,
      podIP: pod.status?.podIP,
      startTime: iso(pod.status?.startTime),
      conditions: (pod.status?.conditions ?? []).map(condition =>
        defined({
          type: condition.type,
          status: condition.status,
          reason: condition.reason,
          message: condition.message,
          lastTransitionTime: iso(condition.lastTransitionTime),
        }),
      ),
      containers: [
        ...(pod.spec?.initContainers ?? []).map(container =>
          describeContainer(
            container.name,
            container.image ?? '',
            true,
            initStatuses.get(container.name),
          ),
        ),
        ...(pod.spec?.containers ?? []).map(container =>
          describeContainer(
            container.name,
            container.image ?? '',
            false,
            appStatuses.get(container.name),
          ),
        ),
      ],
    }),
  });
}

export function describeStatefulSet(set: V1StatefulSet): WorkspaceObject {
  return defined({
    kind: 'StatefulSet' as const,
    name: set.metadata?.name ?? '',
    createdAt: iso(set.metadata?.creationTimestamp),
    statefulSet: defined({
      replicas: set.spec?.replicas ?? 1,
      readyReplicas: set.status?.readyReplicas ?? 0,
      currentReplicas: set.status?.currentReplicas,
    }),
  });
}

export function describeVolumeClaim(
  claim: V1PersistentVolumeClaim,
): WorkspaceObject {
  return defined({
    kind: 'PersistentVolumeClaim' as const,
    name: claim.metadata?.name ?? '',
    createdAt: iso(claim.metadata?.creationTimestamp),
    volumeClaim: defined({
      phase: claim.status?.phase ?? 'Pending',
      requested: claim.spec?.resources?.requests?.storage,
      capacity: claim.status?.capacity?.storage,
      storageClassName: claim.spec?.storageClassName,
      volumeName: claim.spec?.volumeName || undefined,
      accessModes: claim.spec?.accessModes,
    }),
  });
}

/** When an event last happened: what its list is sorted by. */
function eventTime(event: CoreV1Event): string {
  return (
    iso(event.lastTimestamp) ??
    iso(event.series?.lastObservedTime) ??
    iso(event.eventTime) ??
    iso(event.metadata?.creationTimestamp) ??
    new Date(0).toISOString()
  );
}

export function describeEvent(event: CoreV1Event): KubernetesEvent {
  return defined({
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.count ?? event.series?.count ?? 1,
    time: eventTime(event),
    firstTimestamp: iso(event.firstTimestamp),
    lastTimestamp: iso(event.lastTimestamp),
    eventTime: iso(event.eventTime),
    source: event.source?.component ?? event.reportingComponent ?? undefined,
    involvedObject: {
      kind: event.involvedObject.kind ?? '',
      name: event.involvedObject.name ?? '',
    },
  });
}

/** Newest first (by `time`; a sort that keeps the order of equal times). */
export function newestFirst(events: KubernetesEvent[]): KubernetesEvent[] {
  // ISO times of one format sort as strings
  return [...events].sort((a, b) => b.time.localeCompare(a.time));
}
