import {
  explainWorkspaceStatus,
  WorkspaceExplanationInput,
} from './explainWorkspaceStatus';
import type {
  KubernetesEvent,
  QuotaItem,
  WorkspaceObject,
} from './schema/openapi';

const GPU_SHORT =
  "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
const QUOTA_REFUSAL =
  'create Pod ws-big-0 in StatefulSet ws-big failed error: pods "ws-big-0" is forbidden: exceeded quota: compute, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4';

const projectGpus = (used: number, hard: number): QuotaItem => ({
  scope: 'project',
  name: 'the limit of project system:default/llm-playground (workspaces.quotas.projects["system:default/llm-playground"])',
  resource: 'gpus',
  hard: String(hard),
  used: String(used),
  remaining: String(Math.max(0, hard - used)),
});
const namespaceGpus = (used: number, hard: number): QuotaItem => ({
  scope: 'namespace',
  name: 'ResourceQuota compute in namespace llm-playground',
  resource: 'requests.nvidia.com/gpu',
  hard: String(hard),
  used: String(used),
  remaining: String(Math.max(0, hard - used)),
});

function workspace(
  status: WorkspaceExplanationInput['workspace']['status'],
  statusReason: string | undefined,
  statusMessage: string,
  gpu = 0,
): WorkspaceExplanationInput['workspace'] {
  return {
    status,
    statusReason,
    statusMessage,
    desiredState: 'Running',
    resources: { cpu: '4', memory: '32Gi', gpu },
  };
}

const unscheduledPod = (message: string): WorkspaceObject => ({
  kind: 'Pod',
  name: 'ws-big-0',
  pod: {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
      },
    ],
    containers: [],
  },
});

const pendingClaim: WorkspaceObject = {
  kind: 'PersistentVolumeClaim',
  name: 'home-ws-big',
  volumeClaim: {
    phase: 'Pending',
    requested: '10Gi',
    storageClassName: 'fast-ssd',
  },
};

const event = (
  reason: string,
  message: string,
  involvedObject = { kind: 'Pod', name: 'ws-big-0' },
): KubernetesEvent => ({
  type: 'Warning',
  reason,
  message,
  count: 1,
  time: '2026-11-30T10:00:00Z',
  involvedObject,
});

describe('explainWorkspaceStatus', () => {
  it('explains a stopped workspace whose environment is gone and says to edit it', () => {
    const explanation = explainWorkspaceStatus({
      workspace: {
        ...workspace(
          'Stopped',
          'EnvironmentUnavailable',
          'Stopped: the environment old-lab is no longer available to system:default/vision; edit the workspace to pick another environment, then start it. Its configuration and volumes are kept',
        ),
        desiredState: 'Stopped',
      },
    });

    expect(explanation).toMatchObject({
      status: 'Stopped',
      reason: 'EnvironmentUnavailable',
      title: 'Its environment is no longer available',
    });
    expect(explanation.whatHappened).toContain(
      'the environment old-lab is no longer available',
    );
    expect(explanation.whatToDo).toBe(
      'Edit the workspace and pick another environment, then start it; your volumes are kept. Ask your platform team which one replaces it.',
    );
  });

  it('explains a start refused for a removed compute preset as the preset, not a crash', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'ComputePresetUnavailable',
        'Cannot start: the compute preset gpu-old is no longer available to system:default/vision; edit the workspace to pick another compute preset, then start it',
      ),
    });

    expect(explanation.title).toBe('Its compute preset is no longer available');
    expect(explanation.whatToDo).toContain(
      'Edit the workspace and pick another compute preset',
    );
  });

  it('names the GPUs the cluster is short of, with what the quota has free', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Pending',
        'Unschedulable',
        `Pending: ${GPU_SHORT}`,
        100,
      ),
      objects: [unscheduledPod(GPU_SHORT)],
      quota: [projectGpus(0, 128), namespaceGpus(2, 200)],
    });
    expect(explanation).toMatchObject({
      status: 'Pending',
      reason: 'Unschedulable',
      title: 'Not enough GPUs to start the workspace',
      details: {
        kubernetesMessage: GPU_SHORT,
        shortResources: [
          {
            resource: 'nvidia.com/gpu',
            label: 'GPUs',
            asked: '100',
            free: '128',
            quota: projectGpus(0, 128).name,
            shortIn: 'cluster',
          },
        ],
      },
    });
    expect(explanation.whatHappened).toContain('asks for 100 GPUs');
    expect(explanation.whatHappened).toContain(
      "The project's quota allows it, but no node of the cluster has that much free",
    );
    expect(explanation.whatToDo).toMatch(/Ask for less/);
  });

  it("says the project's quota is short when it has less free than asked", () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Pending',
        'Unschedulable',
        `Pending: ${GPU_SHORT}`,
        3,
      ),
      events: [event('FailedScheduling', GPU_SHORT)],
      quota: [projectGpus(2, 4), namespaceGpus(0, 10)],
    });
    expect(explanation.details.shortResources).toEqual([
      expect.objectContaining({ free: '2', shortIn: 'quota' }),
    ]);
    expect(explanation.whatHappened).toContain(
      "The project's quota has less free than the workspace asks for (GPUs: asked 3; 2 free in",
    );
    expect(explanation.whatToDo).toMatch(/Stop another workspace/);
  });

  it('takes the scheduler message from the FailedScheduling event and names CPU and memory', () => {
    const message =
      '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.';
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Pending',
        'Unschedulable',
        'Pending: the pod is not scheduled yet',
      ),
      events: [event('FailedScheduling', message)],
    });
    expect(explanation.title).toBe(
      'Not enough CPU and memory to start the workspace',
    );
    expect(explanation.details.shortResources).toEqual([
      { resource: 'cpu', label: 'CPU', asked: '4', shortIn: 'cluster' },
      {
        resource: 'memory',
        label: 'memory',
        asked: '32Gi',
        shortIn: 'cluster',
      },
    ]);
  });

  it('explains a ResourceQuota refusing the pod, naming the quota', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Pending',
        'QuotaExceeded',
        `Pending: the namespace's quota refuses the pod: ${QUOTA_REFUSAL}`,
        2,
      ),
      events: [
        event('FailedCreate', QUOTA_REFUSAL, {
          kind: 'StatefulSet',
          name: 'ws-big',
        }),
      ],
    });
    expect(explanation).toMatchObject({
      reason: 'QuotaExceeded',
      title: "The project's quota refuses the workspace",
      details: { quota: 'compute', kubernetesMessage: QUOTA_REFUSAL },
    });
    expect(explanation.whatHappened).toContain('requests.nvidia.com/gpu=2');
  });

  it('explains a quota refusal that outlasted the start timeout as the refusal', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'StartTimeout',
        `Did not become ready within 15 min; last: Pending: the namespace's quota refuses the pod: ${QUOTA_REFUSAL}`,
      ),
    });
    expect(explanation.reason).toBe('QuotaExceeded');
    expect(explanation.details.quota).toBe('compute');
  });

  it('names the image and the registry message of an image pull failure', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'ImagePullBackOff',
        'Image pull failed for quay.io/jupyter/scipy-notebok:2025-03-14: Failed to pull image "quay.io/jupyter/scipy-notebok:2025-03-14": not found',
      ),
    });
    expect(explanation).toMatchObject({
      reason: 'ImagePullBackOff',
      details: {
        image: 'quay.io/jupyter/scipy-notebok:2025-03-14',
        registryMessage:
          'Failed to pull image "quay.io/jupyter/scipy-notebok:2025-03-14": not found',
      },
    });
    expect(explanation.whatHappened).toContain(
      'the registry said: Failed to pull image',
    );
  });

  it('shows the exit code and the last log lines of a crash loop', () => {
    const lines = [
      'Executing: jupyter lab --ServerApp.root_dir=/home/jovyan/project',
      "[C 2026-11-30 10:00:01.000 ServerApp] Bad config encountered during initialization: No such directory: ''/home/jovyan/project''",
    ];
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'CrashLoopBackOff',
        'The container workspace keeps crashing; last exit: Error (exit code 1)',
      ),
      crashLog: { container: 'workspace', exitCode: 1, reason: 'Error', lines },
    });
    expect(explanation).toEqual({
      status: 'Failed',
      reason: 'CrashLoopBackOff',
      title: "The workspace's tool keeps crashing",
      whatHappened: `The container workspace exited at start with exit code 1, again after each restart, so the run was ended. Its last log line: ${lines[1]}`,
      whatToDo: expect.stringMatching(
        /^Read its last log lines below: the failed run's pod is gone/,
      ),
      details: { container: 'workspace', exitCode: 1, logLines: lines },
    });
  });

  it('reads container and exit code from the status message when no log was captured', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'CrashLoopBackOff',
        'The container workspace keeps crashing; last exit: Error (exit code 2)',
      ),
    });
    expect(explanation.details).toEqual({
      container: 'workspace',
      exitCode: 2,
    });
    // nothing was kept, so the advice is to watch the next start's log
    expect(explanation.whatToDo).toMatch(
      /no log lines were kept of it\. Start the workspace again and watch the Logs tab/,
    );
  });

  it('explains an out-of-memory kill and says to ask for more memory', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'OOMKilled',
        'The container ran out of memory (OOMKilled) at its limit of 4Gi',
      ),
      crashLog: {
        container: 'workspace',
        exitCode: 137,
        reason: 'OOMKilled',
        lines: ['Loading data'],
      },
    });
    expect(explanation).toMatchObject({
      reason: 'OOMKilled',
      title: 'The workspace ran out of memory',
      details: {
        container: 'workspace',
        exitCode: 137,
        logLines: ['Loading data'],
      },
    });
    expect(explanation.whatToDo).toMatch(/more memory/);
  });

  it('explains a volume claim that is not bound, with the storage class', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Pending',
        'Unschedulable',
        'Pending: 0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      ),
      objects: [pendingClaim],
      events: [
        event('ProvisioningFailed', 'storageclass "fast-ssd" not found', {
          kind: 'PersistentVolumeClaim',
          name: 'home-ws-big',
        }),
      ],
    });
    expect(explanation).toMatchObject({
      reason: 'VolumeNotBound',
      details: {
        volumeClaim: 'home-ws-big',
        volumeClaimPhase: 'Pending',
        storageClass: 'fast-ssd',
        kubernetesMessage: 'storageclass "fast-ssd" not found',
      },
    });
    expect(explanation.whatHappened).toContain('home-ws-big (10Gi) is Pending');
  });

  it('explains a start timeout with the minutes and the last status', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'StartTimeout',
        'Did not become ready within 15 min; last: Pulling image "quay.io/jupyter/scipy-notebook:2025-03-14"',
      ),
    });
    expect(explanation).toMatchObject({
      reason: 'StartTimeout',
      details: {
        timeoutMinutes: 15,
        kubernetesMessage:
          'Pulling image "quay.io/jupyter/scipy-notebook:2025-03-14"',
      },
    });
    expect(explanation.whatHappened).toContain('not ready within 15 minutes');
  });

  it('keeps the short resource of a start timeout while unschedulable', () => {
    const explanation = explainWorkspaceStatus({
      workspace: workspace(
        'Failed',
        'StartTimeout',
        `Did not become ready within 15 min; last: Pending: ${GPU_SHORT}`,
        100,
      ),
      quota: [projectGpus(0, 128)],
    });
    expect(explanation.details.shortResources).toEqual([
      expect.objectContaining({
        resource: 'nvidia.com/gpu',
        shortIn: 'cluster',
      }),
    ]);
  });

  // one row per other status: the explanation names it and says what to do
  it.each([
    ['Running', 'Ready', 'Running on node sim-cpu-0', 'Running', 'Running'],
    [
      'Creating',
      'CreatingObjects',
      "Creating the workspace's objects",
      'CreatingObjects',
      'Creating the workspace',
    ],
    [
      'Initializing',
      'Pulling',
      'Pulling image "x"',
      'Pulling',
      "Downloading the environment's image",
    ],
    [
      'Initializing',
      'ContainersNotReady',
      'Starting: workspace not ready yet',
      'ContainersNotReady',
      'Starting',
    ],
    [
      'Pending',
      'Scheduling',
      'Waiting for the scheduler',
      'Scheduling',
      'Waiting for a node',
    ],
    [
      'Degraded',
      'ContainersNotReady',
      'Was running, now not ready: workspace not ready',
      'ContainersNotReady',
      'Running, but not ready',
    ],
    [
      'Stopping',
      'PodTerminating',
      'Stopping: the pod is terminating',
      'PodTerminating',
      'Stopping',
    ],
    [
      'Stopped',
      'PodRemoved',
      'Stopped; configuration and volumes are kept',
      'PodRemoved',
      'Stopped',
    ],
    [
      'Stopped',
      'AutoStopIdle',
      'Stopped after 60 min idle; configuration and volumes are kept',
      'AutoStopIdle',
      'Stopped automatically',
    ],
    [
      'Deleting',
      'RemovingObjects',
      "Removing the workspace's objects",
      'RemovingObjects',
      'Being deleted',
    ],
    [
      'Unknown',
      'ClusterUnreachable',
      "The cluster can't be reached; the last known status was Running",
      'ClusterUnreachable',
      "The cluster can't be reached",
    ],
    [
      'Failed',
      'CreateContainerConfigError',
      'Can\'t create container workspace: secret "x" not found',
      'CreateContainerConfigError',
      "The workspace's container can't be created",
    ],
    [
      'Failed',
      'Evicted',
      'The node was low on resource: ephemeral-storage.',
      'Evicted',
      'The workspace failed',
    ],
  ] as const)(
    '%s (%s)',
    (status, statusReason, statusMessage, reason, title) => {
      const explanation = explainWorkspaceStatus({
        workspace: workspace(status, statusReason, statusMessage),
      });
      expect(explanation).toMatchObject({ status, reason, title });
      expect(explanation.whatHappened).not.toBe('');
      expect(explanation.whatToDo).not.toBe('');
    },
  );
});
