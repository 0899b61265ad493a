import { explainFailedRun, explainQuotaRefusal } from './explainFailedRun';
import {
  describeShortResource,
  explainShortResources,
  insufficientResources,
} from './explainShortResources';
import { Explained, latestEvent } from './explanationFacts';
import type {
  KubernetesEvent,
  QuotaItem,
  Workspace,
  WorkspaceExplanation,
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

/** The status reasons of a workspace whose building block is gone from the config. */
const UNAVAILABLE_BLOCKS: Record<string, string> = {
  EnvironmentUnavailable: 'environment',
  ComputePresetUnavailable: 'compute preset',
  DataSourceUnavailable: 'data source',
};

function explain(input: WorkspaceExplanationInput): Explained {
  const { workspace } = input;
  const message = workspace.statusMessage;
  const unavailable = UNAVAILABLE_BLOCKS[workspace.statusReason ?? ''];
  if (unavailable) {
    return {
      reason: workspace.statusReason!,
      title: `Its ${unavailable} is no longer available`,
      whatHappened: `${message}. Your platform team removed the ${unavailable} the workspace was made with from the portal's configuration (or no longer offers it to this project), so the workspace can't start as it is.`,
      whatToDo: `Edit the workspace and pick another ${unavailable}, then start it; your volumes are kept. Ask your platform team which one replaces it.`,
      details: {},
    };
  }
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
      return explainFailedRun(input);
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
