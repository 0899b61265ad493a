/*
 * Long file: a workspace's status from its pod in one place: the precedence,
 * and each failure, wait and step of progress a pod shows.
 */
import {
  DesiredState,
  isStatusIn,
  STARTING_STATUSES,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { deriveWithoutPod } from './deriveWithoutPod';
import type {
  CoreV1Event,
  V1Container,
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
} from '@kubernetes/client-node';

/**
 * What was seen of one workspace in the cluster, as input to
 * {@link deriveWorkspaceStatus}.
 */
export interface WorkspaceObservation {
  desiredState: DesiredState;
  /** The workspace's pod, if one exists. */
  pod?: V1Pod;
  /** Recent Kubernetes events of the pod (newest last), e.g. FailedScheduling, Failed (image pull). */
  events: CoreV1Event[];
  /**
   * Events of the workspace's StatefulSet during this run (oldest first),
   * looked at while it has no pod: FailedCreate says why none was made,
   * e.g. a ResourceQuota refused it.
   */
  ownerEvents?: CoreV1Event[];
  /** Whether the cluster could be reached when observing. */
  clusterReachable: boolean;
  /** Whether the workspace's objects (besides the pod) still exist; used while deleting. */
  objectsRemaining: boolean;
  /** The previous status, to tell Degraded (was Running) from Initializing. */
  previousStatus: WorkspaceStatus;
  /** How long the current run has been starting without reaching Running, in ms, and the configured start timeout. */
  startingForMs?: number;
  startTimeoutMs: number;
}

/** An observed status with its machine reason and a message for people. */
export interface DerivedStatus {
  status: WorkspaceStatus;
  /** Short CamelCase machine reason, often the Kubernetes one. */
  reason: string;
  message: string;
}

/**
 * A container whose Secret or ConfigMap is not there yet is retried by the
 * kubelet: the workspace's own Secret is created right after its StatefulSet
 * (it is owned by it), so a fast kubelet can see it missing for a moment.
 * Such an error fails the run only once it outlasts this.
 */
export const CONFIG_ERROR_GRACE_MS = 60_000;

const CONTAINER_SETUP_FAILURES = [
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
];
const REMOVING_MESSAGE = "Removing the workspace's objects";
const STOPPED_MESSAGE = 'Stopped; configuration and volumes are kept';

function derived(
  status: WorkspaceStatus,
  reason: string,
  message: string,
): DerivedStatus {
  return { status, reason, message };
}

/**
 * Derives a workspace's observed status from what the cluster reports, never
 * inventing one: an unreachable cluster gives `Unknown`, not a stale `Running`.
 *
 * Precedence: unreachable > desired Deleted > desired Stopped > Failed
 * (including the start timeout) > Pending > Running > Degraded > Initializing.
 *
 * When the workspace is to be deleted and nothing of it remains, the status is
 * still `Deleting`, with reason `Deleted`: the caller takes that reason as the
 * signal to mark the workspace's row deleted, since there is no status after
 * `Deleting`.
 */
export function deriveWorkspaceStatus(
  observation: WorkspaceObservation,
): DerivedStatus {
  const { pod, desiredState, previousStatus } = observation;
  if (!observation.clusterReachable) {
    const message = `The cluster can't be reached; the last known status was ${previousStatus}`;
    return derived('Unknown', 'ClusterUnreachable', message);
  }
  if (desiredState === 'Deleted') {
    return observation.objectsRemaining || pod
      ? derived('Deleting', 'RemovingObjects', REMOVING_MESSAGE)
      : derived('Deleting', 'Deleted', 'All objects removed');
  }
  if (desiredState === 'Stopped') {
    if (!pod) {
      return derived('Stopped', 'PodRemoved', STOPPED_MESSAGE);
    }
    return pod.metadata?.deletionTimestamp
      ? derived(
          'Stopping',
          'PodTerminating',
          'Stopping: the pod is terminating',
        )
      : derived('Stopping', 'RemovingPod', 'Stopping: removing the pod');
  }

  const progress = pod
    ? derivePodStatus(observation, pod)
    : deriveWithoutPod(observation.ownerEvents ?? []);
  // Only a run that is still starting can time out; a specific failure says more.
  const { startingForMs, startTimeoutMs } = observation;
  const timedOut =
    startingForMs !== undefined && startingForMs >= startTimeoutMs;
  if (timedOut && isStatusIn(STARTING_STATUSES, progress.status)) {
    const minutes = Number((startTimeoutMs / 60_000).toFixed(1));
    const message = `Did not become ready within ${minutes} min; last: ${progress.message}`;
    return derived('Failed', 'StartTimeout', message);
  }
  return progress;
}

/** The failure a pod shows (crash loop, image pull, setup, pod failed). */
export function findFailure(
  pod: V1Pod,
  events: CoreV1Event[],
  startingForMs: number | undefined,
): DerivedStatus | undefined {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const containerStatus of statuses) {
    const { name } = containerStatus;
    const waiting = containerStatus.state?.waiting;
    const reason = waiting?.reason ?? '';
    if (['ImagePullBackOff', 'ErrImagePull'].includes(reason)) {
      const own = events.filter(e => isAboutContainer(e, pod, name));
      const detail = waiting?.message ?? latestEvent(own, 'Failed')?.message;
      const image = specOf(pod, name)?.image ?? containerStatus.image;
      const message = `Image pull failed for ${image}${
        detail ? `: ${detail}` : ''
      }`;
      return derived('Failed', 'ImagePullBackOff', message);
    }
    if (reason === 'CrashLoopBackOff') {
      return describeCrashLoop(pod, containerStatus);
    }
    if (
      reason === 'CreateContainerConfigError' &&
      startingForMs !== undefined &&
      startingForMs < CONFIG_ERROR_GRACE_MS
    ) {
      const message = `Waiting for the configuration of container ${name}: ${
        waiting?.message ?? reason
      }`;
      return derived('Initializing', reason, message);
    }
    if (CONTAINER_SETUP_FAILURES.includes(reason)) {
      const message = `Can't create container ${name}: ${
        waiting?.message ?? reason
      }`;
      return derived('Failed', reason, message);
    }
  }
  if (pod.status?.phase === 'Failed') {
    const { reason = 'PodFailed', message = 'The pod failed' } = pod.status;
    return derived('Failed', reason, message);
  }
  return undefined;
}

function describeCrashLoop(
  pod: V1Pod,
  containerStatus: V1ContainerStatus,
): DerivedStatus {
  const lastExit = containerStatus.lastState?.terminated;
  if (lastExit?.reason === 'OOMKilled') {
    const limit = specOf(pod, containerStatus.name)?.resources?.limits?.memory;
    const atLimit = limit ? ` at its limit of ${limit}` : '';
    const message = `The container ran out of memory (OOMKilled)${atLimit}`;
    return derived('Failed', 'OOMKilled', message);
  }
  const exit = lastExit
    ? `; last exit: ${lastExit.reason ?? 'Error'} (exit code ${
        lastExit.exitCode
      })`
    : '';
  const message = `The container ${containerStatus.name} keeps crashing${exit}`;
  return derived('Failed', 'CrashLoopBackOff', message);
}

function derivePodStatus(
  observation: WorkspaceObservation,
  pod: V1Pod,
): DerivedStatus {
  if (pod.metadata?.deletionTimestamp) {
    // Desired Running, so a terminating pod is one being replaced, not a stop.
    const message = 'Restarting: waiting for the previous pod to terminate';
    return derived('Creating', 'Restarting', message);
  }
  const failure = findFailure(
    pod,
    observation.events,
    observation.startingForMs,
  );
  if (failure) {
    return failure;
  }
  const scheduled = conditionOf(pod, 'PodScheduled');
  if (scheduled?.status === 'False') {
    const why =
      scheduled.message ??
      latestEvent(observation.events, 'FailedScheduling')?.message ??
      'the pod is not scheduled yet';
    return derived(
      'Pending',
      scheduled.reason ?? 'Unschedulable',
      `Pending: ${why}`,
    );
  }
  if (!scheduled && !pod.spec?.nodeName) {
    return derived('Pending', 'Scheduling', 'Waiting for the scheduler');
  }

  const ready = conditionOf(pod, 'Ready');
  if (ready?.status === 'True' && pod.status?.phase === 'Running') {
    return derived('Running', 'Ready', `Running on node ${pod.spec?.nodeName}`);
  }

  const statuses = pod.status?.containerStatuses ?? [];
  const wasRunning =
    observation.previousStatus === 'Running' ||
    observation.previousStatus === 'Degraded';
  const hasStarted = statuses.some(s => s.state?.running || s.restartCount > 0);
  if (wasRunning && hasStarted && ready?.status === 'False') {
    const notReady = statuses.filter(s => !s.ready).map(s => s.name);
    const message = `Was running, now not ready: ${notReady.join(
      ', ',
    )} not ready`;
    return derived('Degraded', ready.reason ?? 'ContainersNotReady', message);
  }
  return describeInitializing(pod, observation.events);
}

function describeInitializing(
  pod: V1Pod,
  events: CoreV1Event[],
): DerivedStatus {
  const initContainers = pod.spec?.initContainers ?? [];
  const initStatuses = pod.status?.initContainerStatuses ?? [];
  const initIndex = initContainers.findIndex(c => {
    const s = initStatuses.find(st => st.name === c.name);
    // Sidecars (restartPolicy Always) keep running; having started is their "done".
    const sidecarUp = c.restartPolicy === 'Always' && s?.started === true;
    return s?.state?.terminated?.exitCode !== 0 && !sidecarUp;
  });
  if (conditionOf(pod, 'Initialized')?.status !== 'True' && initIndex >= 0) {
    const { name } = initContainers[initIndex];
    const waiting = initStatuses.find(s => s.name === name)?.state?.waiting;
    const message = `Running init container ${name} (${initIndex + 1}/${
      initContainers.length
    })`;
    return (
      describePulling(pod, events, name) ??
      derived('Initializing', waiting?.reason ?? 'PodInitializing', message)
    );
  }

  const statuses = pod.status?.containerStatuses ?? [];
  const waitingStatus = statuses.find(s => s.state?.waiting);
  if (waitingStatus) {
    const { name } = waitingStatus;
    const { reason = 'ContainerCreating', message } =
      waitingStatus.state?.waiting ?? {};
    const waitingMessage =
      reason === 'ContainerCreating'
        ? 'Creating containers'
        : message ?? `Waiting for ${name}: ${reason}`;
    return (
      describePulling(pod, events, name) ??
      derived('Initializing', reason, waitingMessage)
    );
  }
  const notReady = statuses.filter(s => s.state?.running && !s.ready);
  if (notReady.length > 0) {
    const names = notReady.map(s => s.name).join(', ');
    const reason = conditionOf(pod, 'Ready')?.reason ?? 'ContainersNotReady';
    return derived('Initializing', reason, `Starting: ${names} not ready yet`);
  }
  return derived('Initializing', 'ContainerCreating', 'Creating containers');
}

/** A pull is in progress while the container's latest Pulling event has no Pulled after it. */
function describePulling(
  pod: V1Pod,
  events: CoreV1Event[],
  containerName: string,
): DerivedStatus | undefined {
  const latest = events
    .filter(e => e.reason === 'Pulling' || e.reason === 'Pulled')
    .filter(e => isAboutContainer(e, pod, containerName))
    .pop();
  if (latest?.reason !== 'Pulling') {
    return undefined;
  }
  const image = specOf(pod, containerName)?.image;
  return derived(
    'Initializing',
    'Pulling',
    latest.message ?? `Pulling image ${image}`,
  );
}

function latestEvent(
  events: CoreV1Event[],
  reason: string,
): CoreV1Event | undefined {
  // "Error: ErrImagePull" only repeats the reason; an earlier event says why.
  const repeatsReason = /^Error: \w+$/;
  return events
    .filter(e => e.reason === reason && !repeatsReason.test(e.message ?? ''))
    .pop();
}

/** Events without a field path are about the whole pod, so they count for every container. */
function isAboutContainer(
  event: CoreV1Event,
  pod: V1Pod,
  containerName: string,
): boolean {
  const fieldPath = event.involvedObject.fieldPath;
  const isInit = pod.spec?.initContainers?.some(c => c.name === containerName);
  const list = isInit ? 'initContainers' : 'containers';
  return !fieldPath || fieldPath === `spec.${list}{${containerName}}`;
}

function specOf(pod: V1Pod, containerName: string): V1Container | undefined {
  const { initContainers = [], containers = [] } = pod.spec ?? {};
  return [...initContainers, ...containers].find(c => c.name === containerName);
}

function conditionOf(pod: V1Pod, type: string): V1PodCondition | undefined {
  return pod.status?.conditions?.find(c => c.type === type);
}
