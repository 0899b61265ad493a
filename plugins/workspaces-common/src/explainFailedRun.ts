import {
  explainShortResources,
  insufficientResources,
} from './explainShortResources';
import type { WorkspaceExplanationInput } from './explainWorkspaceStatus';
import type { WorkspaceExplanationDetails } from './schema/openapi';
import {
  Explained,
  latestEvent,
  numberOf,
  QUOTA_REFUSAL,
} from './explanationFacts';

/** A failed run's pod is gone, so the Logs tab shows only the next run. */
const READ_KEPT_LINES =
  "Read its last log lines below: the failed run's pod is gone, so they are what was kept. Fix what they complain about (the environment, its arguments or your code), then start the workspace again; the Logs tab shows the new run's output as it starts.";
const WATCH_NEXT_START =
  "The failed run's pod is gone, and no log lines were kept of it. Start the workspace again and watch the Logs tab as it starts; fix what it complains about (the environment, its arguments or your code).";

/** Why a run failed: the reason recorded, with the facts kept of it. */
export function explainFailedRun(input: WorkspaceExplanationInput): Explained {
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
    whatToDo: crashLog?.lines.length ? READ_KEPT_LINES : WATCH_NEXT_START,
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

export function explainQuotaRefusal(
  input: WorkspaceExplanationInput,
): Explained {
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

function containerOf(input: WorkspaceExplanationInput) {
  return input.objects?.find(o => o.pod)?.pod?.containers.find(c => !c.init);
}
