import type {
  CoreV1Event,
  V1ContainerState,
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
  V1PodStatus,
} from '@kubernetes/client-node';
import type { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import {
  deriveWorkspaceStatus,
  WorkspaceObservation,
} from './deriveWorkspaceStatus';

const IMAGE = 'registry.example.com/ml/jupyter-pytorch:2024.10';
const GIT_IMAGE = 'registry.example.com/tools/git:2.45';
const NODE = 'gpu-node-a3';
const SCHEDULING_FAILURE =
  '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

function condition(
  type: string,
  status: 'True' | 'False',
  reason?: string,
  message?: string,
): V1PodCondition {
  return { type, status, reason, message };
}

/** The conditions the kubelet reports for a scheduled pod. */
function scheduledConditions(
  initialized: boolean,
  ready: boolean,
): V1PodCondition[] {
  const unready: [string, string] = [
    'ContainersNotReady',
    'containers with unready status: [workspace]',
  ];
  return [
    condition('PodReadyToStartContainers', 'True'),
    initialized
      ? condition('Initialized', 'True')
      : condition(
          'Initialized',
          'False',
          'ContainersNotInitialized',
          'containers with incomplete status: [git-clone fix-permissions]',
        ),
    ready
      ? condition('Ready', 'True')
      : condition('Ready', 'False', ...unready),
    ready
      ? condition('ContainersReady', 'True')
      : condition('ContainersReady', 'False', ...unready),
    condition('PodScheduled', 'True'),
  ];
}

function container(
  name: string,
  state: V1ContainerState,
  extra: Partial<V1ContainerStatus> = {},
): V1ContainerStatus {
  return {
    name,
    image: name === 'workspace' ? IMAGE : GIT_IMAGE,
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state,
    ...extra,
  };
}

const creating = { waiting: { reason: 'ContainerCreating' } };
const podInitializing = { waiting: { reason: 'PodInitializing' } };
const running = { running: { startedAt: new Date('2025-01-01T10:00:00Z') } };
const initDone = {
  terminated: { exitCode: 0, reason: 'Completed' },
} as V1ContainerState;

/** A pod of a workspace as the kubelet reports it; `status` fields override. */
function pod(
  options: V1PodStatus & { scheduled?: boolean; deleting?: boolean } = {},
): V1Pod {
  const { scheduled = true, deleting = false, ...status } = options;
  return {
    metadata: {
      name: 'ws-notebook-0',
      namespace: 'project-vision',
      deletionTimestamp: deleting
        ? new Date('2025-01-01T11:00:00Z')
        : undefined,
    },
    spec: {
      nodeName: scheduled ? NODE : undefined,
      initContainers: [
        { name: 'git-clone', image: GIT_IMAGE },
        { name: 'fix-permissions', image: GIT_IMAGE },
      ],
      containers: [
        {
          name: 'workspace',
          image: IMAGE,
          resources: { limits: { memory: '16Gi', 'nvidia.com/gpu': '1' } },
        },
      ],
    },
    status: { phase: 'Pending', ...status },
  };
}

const runningStatus: V1PodStatus = {
  phase: 'Running',
  conditions: scheduledConditions(true, true),
  initContainerStatuses: [
    container('git-clone', initDone, { ready: true }),
    container('fix-permissions', initDone, { ready: true }),
  ],
  containerStatuses: [
    container('workspace', running, { ready: true, started: true }),
  ],
};
const runningPod = pod(runningStatus);
const terminatingPod = pod({ ...runningStatus, deleting: true });

const unschedulable = (message?: string) =>
  pod({
    scheduled: false,
    conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)],
  });

/** A pod running its init containers, the first in the given state. */
function initializingPod(
  gitClone: V1ContainerState,
  fixPermissions: V1ContainerState = podInitializing,
): V1Pod {
  return pod({
    conditions: scheduledConditions(false, false),
    initContainerStatuses: [
      container('git-clone', gitClone),
      container('fix-permissions', fixPermissions),
    ],
    containerStatuses: [container('workspace', podInitializing)],
  });
}

/** A pod past its init containers whose workspace container is in the given state. */
function startedPod(
  state: V1ContainerState,
  extra: Partial<V1ContainerStatus> = {},
  phase = 'Running',
): V1Pod {
  return pod({
    phase,
    conditions: scheduledConditions(true, false),
    initContainerStatuses: [
      container('git-clone', initDone),
      container('fix-permissions', initDone),
    ],
    containerStatuses: [container('workspace', state, extra)],
  });
}

const evictedPod = pod({
  phase: 'Failed',
  reason: 'Evicted',
  message: 'The node was low on resource: ephemeral-storage.',
  conditions: scheduledConditions(true, false),
  containerStatuses: [
    container('workspace', {
      terminated: { exitCode: 137, reason: 'ContainerStatusUnknown' },
    }),
  ],
});

function event(
  reason: string,
  message: string,
  fieldPath?: string,
): CoreV1Event {
  return {
    metadata: { name: `ws-notebook-0.${reason.toLowerCase()}` },
    involvedObject: { kind: 'Pod', name: 'ws-notebook-0', fieldPath },
    reason,
    message,
    type: reason === 'Pulling' || reason === 'Pulled' ? 'Normal' : 'Warning',
  };
}

const WORKSPACE = 'spec.containers{workspace}';
const GIT_CLONE = 'spec.initContainers{git-clone}';
const pulling = event('Pulling', `Pulling image "${IMAGE}"`, WORKSPACE);
const pulled = event(
  'Pulled',
  `Successfully pulled image "${IMAGE}" in 42s`,
  WORKSPACE,
);
const crashed = (reason: string, exitCode: number) => ({
  restartCount: 3,
  lastState: { terminated: { exitCode, reason } },
});
const MINUTES = 60_000;
const QUOTA_REFUSAL =
  'create Pod ws-notebook-0 in StatefulSet ws-notebook failed error: pods "ws-notebook-0" is forbidden: exceeded quota: compute, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4';
const statefulSetEvent = (reason: string, message: string): CoreV1Event => ({
  metadata: { name: `ws-notebook.${reason.toLowerCase()}` },
  involvedObject: { kind: 'StatefulSet', name: 'ws-notebook' },
  reason,
  message,
  type: 'Warning',
});

const base: WorkspaceObservation = {
  desiredState: 'Running',
  events: [],
  clusterReachable: true,
  objectsRemaining: true,
  previousStatus: 'Creating',
  startTimeoutMs: 15 * MINUTES,
};

type Row = [
  string,
  Partial<WorkspaceObservation>,
  WorkspaceStatus,
  string,
  string,
];

describe('deriveWorkspaceStatus', () => {
  // Rows stay one case per line pair, so the table reads as the status table of the design.
  // prettier-ignore
  it.each<Row>([
    ['unreachable cluster, even with a Ready pod', { clusterReachable: false, previousStatus: 'Running', pod: runningPod },
      'Unknown', 'ClusterUnreachable', "The cluster can't be reached; the last known status was Running"],
    ['delete with objects remaining', { desiredState: 'Deleted', pod: runningPod },
      'Deleting', 'RemovingObjects', "Removing the workspace's objects"],
    ['delete with only the pod remaining', { desiredState: 'Deleted', objectsRemaining: false, pod: terminatingPod },
      'Deleting', 'RemovingObjects', "Removing the workspace's objects"],
    ['delete with nothing remaining', { desiredState: 'Deleted', objectsRemaining: false },
      'Deleting', 'Deleted', 'All objects removed'],
    ['stop with the pod terminating', { desiredState: 'Stopped', pod: terminatingPod },
      'Stopping', 'PodTerminating', 'Stopping: the pod is terminating'],
    ['stop before the pod is deleted', { desiredState: 'Stopped', pod: runningPod },
      'Stopping', 'RemovingPod', 'Stopping: removing the pod'],
    ['stop with no pod left', { desiredState: 'Stopped' },
      'Stopped', 'PodRemoved', 'Stopped; configuration and volumes are kept'],
    ['start with no pod yet', {},
      'Creating', 'CreatingObjects', "Creating the workspace's objects"],
    ['no pod: a ResourceQuota refuses it (the StatefulSet\'s FailedCreate)', { ownerEvents: [statefulSetEvent('FailedCreate', QUOTA_REFUSAL)] },
      'Pending', 'QuotaExceeded', `Pending: the namespace's quota refuses the pod: ${QUOTA_REFUSAL}`],
    ['no pod, a FailedCreate for another reason: still creating', { ownerEvents: [statefulSetEvent('FailedCreate', 'create Pod ws-notebook-0 in StatefulSet ws-notebook failed error: Internal error occurred')] },
      'Creating', 'CreatingObjects', "Creating the workspace's objects"],
    ['quota refusal past the start timeout', { startingForMs: 15 * MINUTES, ownerEvents: [statefulSetEvent('FailedCreate', QUOTA_REFUSAL)] },
      'Failed', 'StartTimeout', `Did not become ready within 15 min; last: Pending: the namespace's quota refuses the pod: ${QUOTA_REFUSAL}`],
    ['start while the previous pod terminates', { previousStatus: 'Running', pod: terminatingPod },
      'Creating', 'Restarting', 'Restarting: waiting for the previous pod to terminate'],
    ['unschedulable, message from the condition', { pod: unschedulable(SCHEDULING_FAILURE) },
      'Pending', 'Unschedulable', `Pending: ${SCHEDULING_FAILURE}`],
    ['unschedulable, message from the FailedScheduling event', { pod: unschedulable(),
      events: [event('FailedScheduling', '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.')] },
      'Pending', 'Unschedulable', 'Pending: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.'],
    ['not seen by the scheduler yet', { pod: pod({ scheduled: false }) },
      'Pending', 'Scheduling', 'Waiting for the scheduler'],
    ['first init container running', { pod: initializingPod(running) },
      'Initializing', 'PodInitializing', 'Running init container git-clone (1/2)'],
    ['second init container being created', { pod: initializingPod(initDone, creating) },
      'Initializing', 'ContainerCreating', 'Running init container fix-permissions (2/2)'],
    ['pulling the workspace image', { pod: startedPod(creating, {}, 'Pending'),
      events: [event('Pulled', `Container image "${GIT_IMAGE}" already present on machine`, GIT_CLONE), pulling] },
      'Initializing', 'Pulling', `Pulling image "${IMAGE}"`],
    ['image pulled, creating the container', { pod: startedPod(creating, {}, 'Pending'), events: [pulling, pulled] },
      'Initializing', 'ContainerCreating', 'Creating containers'],
    ['started, readiness probe not passing yet', { pod: startedPod(running, { started: true }) },
      'Initializing', 'ContainersNotReady', 'Starting: workspace not ready yet'],
    ['Ready', { pod: runningPod },
      'Running', 'Ready', `Running on node ${NODE}`],
    ['Ready, past the start timeout', { pod: runningPod, startingForMs: 20 * MINUTES },
      'Running', 'Ready', `Running on node ${NODE}`],
    ['was Running, readiness probe failing', { previousStatus: 'Running', pod: startedPod(running, { started: true }), startingForMs: 20 * MINUTES },
      'Degraded', 'ContainersNotReady', 'Was running, now not ready: workspace not ready'],
    ['still Degraded after a restart', { previousStatus: 'Degraded', pod: startedPod(running, { started: true, restartCount: 1 }) },
      'Degraded', 'ContainersNotReady', 'Was running, now not ready: workspace not ready'],
    ['ImagePullBackOff', { pod: startedPod({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${IMAGE}"` } }, {}, 'Pending') },
      'Failed', 'ImagePullBackOff', `Image pull failed for ${IMAGE}: Back-off pulling image "${IMAGE}"`],
    ['ErrImagePull of an init container, message from its Failed event', { pod: initializingPod({ waiting: { reason: 'ErrImagePull' } }),
      events: [event('Failed', `Failed to pull image "${GIT_IMAGE}": not found`, GIT_CLONE), event('Failed', 'Error: ErrImagePull', GIT_CLONE)] },
      'Failed', 'ImagePullBackOff', `Image pull failed for ${GIT_IMAGE}: Failed to pull image "${GIT_IMAGE}": not found`],
    ['CrashLoopBackOff', { pod: startedPod({ waiting: { reason: 'CrashLoopBackOff' } }, crashed('Error', 1)) },
      'Failed', 'CrashLoopBackOff', 'The container workspace keeps crashing; last exit: Error (exit code 1)'],
    ['CrashLoopBackOff after OOMKilled', { previousStatus: 'Running', pod: startedPod({ waiting: { reason: 'CrashLoopBackOff' } }, crashed('OOMKilled', 137)) },
      'Failed', 'OOMKilled', 'The container ran out of memory (OOMKilled) at its limit of 16Gi'],
    ['CreateContainerConfigError', { pod: startedPod({ waiting: { reason: 'CreateContainerConfigError', message: 'secret "ws-notebook-env" not found' } }, {}, 'Pending') },
      'Failed', 'CreateContainerConfigError', 'Can\'t create container workspace: secret "ws-notebook-env" not found'],
    ['CreateContainerConfigError in the first minute of a run: the kubelet retries', { startingForMs: 5_000, pod: startedPod({ waiting: { reason: 'CreateContainerConfigError', message: 'secret "ws-notebook-env" not found' } }, {}, 'Pending') },
      'Initializing', 'CreateContainerConfigError', 'Waiting for the configuration of container workspace: secret "ws-notebook-env" not found'],
    ['CreateContainerConfigError that outlasts its first minute', { startingForMs: 61_000, pod: startedPod({ waiting: { reason: 'CreateContainerConfigError', message: 'secret "ws-notebook-env" not found' } }, {}, 'Pending') },
      'Failed', 'CreateContainerConfigError', 'Can\'t create container workspace: secret "ws-notebook-env" not found'],
    ['pod phase Failed (evicted)', { pod: evictedPod },
      'Failed', 'Evicted', 'The node was low on resource: ephemeral-storage.'],
    ['start timeout while unschedulable', { startingForMs: 15 * MINUTES, pod: unschedulable(SCHEDULING_FAILURE) },
      'Failed', 'StartTimeout', `Did not become ready within 15 min; last: Pending: ${SCHEDULING_FAILURE}`],
    ['start timeout while pulling', { startingForMs: 16 * MINUTES, pod: startedPod(creating, {}, 'Pending'), events: [pulling] },
      'Failed', 'StartTimeout', `Did not become ready within 15 min; last: Pulling image "${IMAGE}"`],
  ])('%s', (_title, observation, status, reason, message) => {
    expect(deriveWorkspaceStatus({ ...base, ...observation })).toEqual({ status, reason, message });
  });
});
