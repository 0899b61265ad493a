import {
  describeShortResource,
  explainShortResources,
  insufficientResources,
} from './explainShortResources';
import type {
  KubernetesEvent,
  QuotaItem,
  Workspace,
  WorkspaceExplanation,
  WorkspaceExplanationDetails,
  WorkspaceObject,
} from './schema/openapi';

/**
 * The last log lines of a workspace's container that crashed, captured when
 * its run failed (its pod goes away right after).
 * @public
 */
export interface WorkspaceCrashLog {
  container: string;
  exitCode?: number;
  /** e.g. Error, OOMKilled, Completed. */
  reason?: string;
  lines: string[];
}

/**
 * What {@link explainWorkspaceStatus} explains from: the workspace as
 * recorded, and what else is known of it now.
 * @public
 */
export interface WorkspaceExplanationInput {
  workspace: Pick<
    Workspace,
    'status' | 'statusReason' | 'statusMessage' | 'desiredState' | 'resources'
  >;
  /** The live objects (pod, StatefulSet, volume claims); none once stopped. */
  objects?: WorkspaceObject[];
  /** The Kubernetes events of those objects, newest first. */
  events?: KubernetesEvent[];
  /** The project's quotas, as the caller sees them. */
  quota?: QuotaItem[];
  /** The crashed container's last log lines, if a run failed with a crash. */
  crashLog?: WorkspaceCrashLog;
}

/** How ResourceQuota admission words a refusal: over a quota, or a request it needs missing. */
const QUOTA_REFUSAL = /exceeded quota|failed quota/;

type Explained = Omit<WorkspaceExplanation, 'status'>;

const CHECK_LOGS =
  'Open the Logs tab (choose the previous container) to see the whole output, fix what it complains about (the environment, its arguments or your code), then start the workspace again.';

/**
 * Explains a workspace's status in words a data scientist understands: what
 * happened, what to do, and the facts behind it. Pure: everything comes in
 * through `input`, so the backend, the frontend and assistants explain alike.
 * @public
 */
export function explainWorkspaceStatus(
  input: WorkspaceExplanationInput,
): WorkspaceExplanation {
  const { status } = input.workspace;
  return { status, ...explain(input) };
}

function explain(input: WorkspaceExplanationInput): Explained {
  const { workspace } = input;
  const message = workspace.statusMessage;
  switch (workspace.status) {
    case 'Running':
      return {
        reason: 'Running',
        title: 'Running',
        whatHappened: message || 'The workspace is running.',
        whatToDo: 'Open its tools.',
        details: {},
      };
    case 'Failed':
      return explainFailure(input);
    case 'Pending':
      return explainPending(input);
    case 'Creating':
      return (
        explainUnboundVolume(input) ?? {
          reason: workspace.statusReason ?? 'Creating',
          title: 'Creating the workspace',
          whatHappened: `${message}. The workspace's volume claims, pod and network rules are being created.`,
          whatToDo:
            'Nothing: this usually takes seconds. If it lasts, look at the Events tab.',
          details: {},
        }
      );
    case 'Initializing':
      return explainInitializing(input);
    case 'Degraded':
      return {
        reason: workspace.statusReason ?? 'Degraded',
        title: 'Running, but not ready',
        whatHappened: `${message}. A tool stopped answering its health check, or restarted.`,
        whatToDo:
          'Wait a minute: it often recovers by itself. If not, look at the Logs tab, then stop and start the workspace.',
        details: {},
      };
    case 'Stopping':
      return {
        reason: workspace.statusReason ?? 'Stopping',
        title: 'Stopping',
        whatHappened: `${message}. Its pod is being removed; its configuration and volumes are kept.`,
        whatToDo: 'Nothing: it is Stopped in a few seconds.',
        details: {},
      };
    case 'Stopped':
      return explainStopped(input);
    case 'Deleting':
      return {
        reason: workspace.statusReason ?? 'Deleting',
        title: 'Being deleted',
        whatHappened: `${message}. Its pod, volumes and other objects are being removed.`,
        whatToDo: 'Nothing: the workspace disappears once everything is gone.',
        details: {},
      };
    case 'Unknown':
    default:
      return {
        reason: workspace.statusReason ?? 'Unknown',
        title: "The cluster can't be reached",
        whatHappened: `${message}. The portal does not know what the workspace is doing right now; it is not shown as Running when that can't be checked.`,
        whatToDo:
          'Nothing for now: the status comes back once the cluster answers again. If it lasts, tell your platform team.',
        details: {},
      };
  }
}

function explainStopped(input: WorkspaceExplanationInput): Explained {
  const { statusReason, statusMessage } = input.workspace;
  const automatic = statusReason?.startsWith('AutoStop') ?? false;
  return {
    reason: statusReason ?? 'Stopped',
    title: automatic ? 'Stopped automatically' : 'Stopped',
    whatHappened: automatic
      ? `${statusMessage}. It used no CPU, memory or GPUs since.`
      : 'The workspace is stopped: it uses no CPU, memory or GPUs. Its configuration and volumes are kept.',
    whatToDo: 'Start it to work again; your files are still there.',
    details: {},
  };
}

function explainFailure(input: WorkspaceExplanationInput): Explained {
  const { statusReason: reason = '', statusMessage } = input.workspace;
  if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull') {
    return explainImagePull(input);
  }
  if (reason === 'CrashLoopBackOff' || reason === 'OOMKilled') {
    return explainCrash(input, reason);
  }
  // a quota refusal that outlasted the start timeout is about the quota
  if (reason === 'QuotaExceeded' || QUOTA_REFUSAL.test(statusMessage)) {
    return explainQuotaRefusal(input);
  }
  if (reason === 'StartTimeout') {
    return explainStartTimeout(input);
  }
  if (
    [
      'CreateContainerConfigError',
      'CreateContainerError',
      'InvalidImageName',
    ].includes(reason)
  ) {
    return {
      reason,
      title: "The workspace's container can't be created",
      whatHappened: `${statusMessage}. The container was never started: something it needs (a secret, a config map, the image's name) is missing or wrong.`,
      whatToDo:
        'Check the environment variables and data sources you chose; if they look right, tell your platform team, who own the environment.',
      details: { kubernetesMessage: statusMessage },
    };
  }
  return {
    reason: reason || 'Failed',
    title: 'The workspace failed',
    whatHappened: `${statusMessage}. The run ended and its CPU, memory and GPUs were given back; volumes and configuration are kept.`,
    whatToDo:
      'Look at the Events tab for the cause, then start the workspace again. If it fails the same way, tell your platform team.',
    details: { kubernetesMessage: statusMessage },
  };
}

function explainImagePull(input: WorkspaceExplanationInput): Explained {
  const { statusMessage } = input.workspace;
  const parsed = /^Image pull failed for (\S+?)(?:: ([\s\S]*))?$/.exec(
    statusMessage,
  );
  const image = parsed?.[1] ?? containerOf(input)?.image;
  const registryMessage =
    parsed?.[2] ??
    latestEvent(input.events, e => e.reason === 'Failed')?.message;
  return {
    reason: 'ImagePullBackOff',
    title: "The environment's image can't be downloaded",
    whatHappened: `The cluster could not pull the image ${
      image ?? "of the workspace's environment"
    }${
      registryMessage ? `; the registry said: ${registryMessage}` : ''
    }. The image may not exist (a typo in its name or tag), or the registry needs credentials the cluster doesn't have.`,
    whatToDo:
      'Pick another environment, or tell your platform team which image failed: they own the environment and its registry credentials.',
    details: {
      ...(image && { image }),
      ...(registryMessage && { registryMessage }),
    },
  };
}

function explainCrash(
  input: WorkspaceExplanationInput,
  reason: 'CrashLoopBackOff' | 'OOMKilled',
): Explained {
  const { statusMessage } = input.workspace;
  const { crashLog } = input;
  const container =
    crashLog?.container ??
    /container (\S+) keeps crashing/.exec(statusMessage)?.[1];
  const exitCode =
    crashLog?.exitCode ??
    numberOf(/exit code (-?\d+)/.exec(statusMessage)?.[1]);
  const details: WorkspaceExplanationDetails = {
    ...(container && { container }),
    ...(exitCode !== undefined && { exitCode }),
    ...(crashLog && { logLines: crashLog.lines }),
  };
  const lastLine = crashLog?.lines
    .filter(line => line.trim() !== '')
    .slice(-1)[0];
  if (reason === 'OOMKilled' || crashLog?.reason === 'OOMKilled') {
    return {
      reason: 'OOMKilled',
      title: 'The workspace ran out of memory',
      whatHappened: `${statusMessage}. The kernel stopped the tool because it used more memory than the workspace may (exit code ${
        exitCode ?? 137
      }). Unsaved work in memory is lost; files on the volumes are kept.`,
      whatToDo:
        'Start it with more memory (a larger compute preset, or a memory override), or load less data at once.',
      details,
    };
  }
  return {
    reason: 'CrashLoopBackOff',
    title: "The workspace's tool keeps crashing",
    whatHappened: `The container ${
      container ?? 'of the workspace'
    } exited at start${
      exitCode !== undefined ? ` with exit code ${exitCode}` : ''
    }, again after each restart, so the run was ended.${
      lastLine ? ` Its last log line: ${lastLine}` : ''
    }`,
    whatToDo: CHECK_LOGS,
    details,
  };
}

function explainStartTimeout(input: WorkspaceExplanationInput): Explained {
  const { statusMessage } = input.workspace;
  const parsed =
    /^Did not become ready within ([\d.]+) min; last: ([\s\S]*)$/.exec(
      statusMessage,
    );
  const timeoutMinutes = numberOf(parsed?.[1]);
  const last = parsed?.[2] ?? statusMessage;
  const shortResources = /Insufficient/.test(last)
    ? explainShortResources(
        insufficientResources(last),
        input.workspace.resources,
        input.quota ?? [],
      )
    : [];
  return {
    reason: 'StartTimeout',
    title: 'The workspace took too long to start',
    whatHappened: `It was not ready within ${
      timeoutMinutes ?? 'the allowed'
    } minutes, so the run was ended and its resources given back. The last thing seen: ${last}.`,
    whatToDo: shortResources.length
      ? 'Ask for less, or start it again later when the cluster has room.'
      : 'Start it again; if it times out again, look at the Events and Logs tabs, or tell your platform team.',
    details: {
      kubernetesMessage: last,
      ...(timeoutMinutes !== undefined && { timeoutMinutes }),
      ...(shortResources.length && { shortResources }),
    },
  };
}

function explainQuotaRefusal(input: WorkspaceExplanationInput): Explained {
  const { statusMessage } = input.workspace;
  const event = latestEvent(input.events, e => QUOTA_REFUSAL.test(e.message));
  const refusal = event?.message ?? statusMessage;
  const quota = /(?:exceeded|failed) quota: ([\w.-]+)/.exec(refusal)?.[1];
  return {
    reason: 'QuotaExceeded',
    title: "The project's quota refuses the workspace",
    whatHappened: `The cluster refused to create the workspace's pod: the quota${
      quota ? ` ${quota}` : ''
    } of the project's namespace does not allow it. Kubernetes said: ${refusal}`,
    whatToDo:
      'Stop another workspace of the project to free its resources, ask for less (a smaller preset), or ask your platform team for a larger quota. It starts by itself once the quota allows it, until the start times out.',
    details: {
      kubernetesMessage: refusal,
      ...(quota && { quota }),
    },
  };
}

function explainPending(input: WorkspaceExplanationInput): Explained {
  const { statusReason, statusMessage } = input.workspace;
  if (statusReason === 'QuotaExceeded') {
    return explainQuotaRefusal(input);
  }
  const schedulerMessage =
    input.objects
      ?.find(o => o.pod)
      ?.pod?.conditions.find(c => c.type === 'PodScheduled')?.message ??
    latestEvent(input.events, e => e.reason === 'FailedScheduling')?.message ??
    statusMessage.replace(/^Pending: /, '');
  if (
    /unbound immediate PersistentVolumeClaims|PersistentVolumeClaim/.test(
      schedulerMessage,
    )
  ) {
    const volume = explainUnboundVolume(input);
    if (volume) return volume;
  }
  const short = insufficientResources(schedulerMessage);
  if (short.length > 0) {
    const shortResources = explainShortResources(
      short,
      input.workspace.resources,
      input.quota ?? [],
    );
    const quotaShort = shortResources.filter(r => r.shortIn === 'quota');
    const where =
      quotaShort.length > 0
        ? `The project's quota has less free than the workspace asks for (${quotaShort
            .map(describeShortResource)
            .join('; ')}).`
        : `The project's quota allows it, but no node of the cluster has that much free (${shortResources
            .map(describeShortResource)
            .join('; ')}).`;
    return {
      reason: 'Unschedulable',
      title: `Not enough ${shortResources
        .map(r => r.label)
        .join(' and ')} to start the workspace`,
      whatHappened: `The cluster can't place the workspace: it asks for ${shortResources
        .map(r => `${r.asked} ${r.label}`)
        .join(
          ' and ',
        )}. ${where} It waits until they are free, or until the start times out.`,
      whatToDo:
        quotaShort.length > 0
          ? 'Stop another workspace of the project to free its share, ask for less (edit the compute override or pick a smaller preset), or ask your platform team for a larger quota.'
          : 'Ask for less (edit the compute override or pick a smaller preset) and start again, or wait until other workspaces free the cluster; your platform team can add nodes.',
      details: { kubernetesMessage: schedulerMessage, shortResources },
    };
  }
  if (statusReason === 'Scheduling') {
    return {
      reason: 'Scheduling',
      title: 'Waiting for a node',
      whatHappened:
        "The workspace's pod exists and waits for the scheduler to pick a node for it.",
      whatToDo: 'Nothing: this usually takes a second.',
      details: {},
    };
  }
  const noMatch = /didn't match|untolerated taint|node affinity/.test(
    schedulerMessage,
  );
  return {
    reason: statusReason ?? 'Unschedulable',
    title: 'No node can run the workspace',
    whatHappened: `The cluster can't place the workspace: ${schedulerMessage}.${
      noMatch
        ? ' No node has the labels or accepts the taints its compute preset asks for (e.g. a GPU type).'
        : ''
    } It waits, until the start times out.`,
    whatToDo:
      'Pick another compute preset, or tell your platform team what the scheduler said.',
    details: { kubernetesMessage: schedulerMessage },
  };
}

function explainInitializing(input: WorkspaceExplanationInput): Explained {
  const { statusReason, statusMessage } = input.workspace;
  const volume = explainUnboundVolume(input);
  if (volume) return volume;
  if (statusReason === 'Pulling') {
    return {
      reason: 'Pulling',
      title: "Downloading the environment's image",
      whatHappened: `${statusMessage}. Large images (with CUDA, for example) take minutes the first time on a node; later starts are faster.`,
      whatToDo: 'Wait; the workspace is Running once the image is there.',
      details: {},
    };
  }
  return {
    reason: statusReason ?? 'Initializing',
    title: 'Starting',
    whatHappened: `${statusMessage}. The workspace has a node; its data sources are being prepared and its tools started.`,
    whatToDo:
      'Wait: it is Running once its tools answer. The Logs tab shows what the tool prints meanwhile.',
    details: {},
  };
}

/** A volume claim that is not bound holds the pod back. */
function explainUnboundVolume(
  input: WorkspaceExplanationInput,
): Explained | undefined {
  const claim = input.objects?.find(
    o => o.volumeClaim && o.volumeClaim.phase !== 'Bound',
  );
  if (!claim?.volumeClaim) return undefined;
  const why = latestEvent(
    input.events,
    e =>
      e.involvedObject.kind === 'PersistentVolumeClaim' &&
      e.involvedObject.name === claim.name,
  )?.message;
  const { phase, storageClassName, requested } = claim.volumeClaim;
  return {
    reason: 'VolumeNotBound',
    title: "The workspace's volume is not ready",
    whatHappened: `The volume claim ${claim.name}${
      requested ? ` (${requested})` : ''
    } is ${phase}, not bound to a volume, so the workspace can't start yet${
      why ? `; the cluster said: ${why}` : ''
    }.`,
    whatToDo: `Wait a minute; if it stays ${phase}, tell your platform team: the storage class ${
      storageClassName ?? '(the default)'
    } may be unable to provide a volume of that size.`,
    details: {
      volumeClaim: claim.name,
      volumeClaimPhase: phase,
      ...(storageClassName && { storageClass: storageClassName }),
      ...(why && { kubernetesMessage: why }),
    },
  };
}

function containerOf(input: WorkspaceExplanationInput) {
  return input.objects?.find(o => o.pod)?.pod?.containers.find(c => !c.init);
}

/** The newest matching event (the list is newest first). */
function latestEvent(
  events: KubernetesEvent[] | undefined,
  matches: (event: KubernetesEvent) => boolean,
): KubernetesEvent | undefined {
  return (events ?? []).find(matches);
}

function numberOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
