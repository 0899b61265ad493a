import {
  formatCpu,
  formatMemory,
  Workspace,
  WorkspaceRun,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  RequestedResources,
  RunRecord,
  StatusEventRecord,
  WorkspaceRecord,
} from '../model/records';

function toApiResources(
  resources: RequestedResources & { gpuResourceName?: string },
) {
  return {
    cpu: formatCpu(resources.cpuMillicores / 1000),
    memory: formatMemory(resources.memoryBytes),
    gpu: resources.gpus,
    ...(resources.gpuResourceName && {
      gpuResourceName: resources.gpuResourceName,
    }),
  };
}

/** A workspace as the API shows it: secret values never leave the backend. */
export function toApiWorkspace(
  record: WorkspaceRecord,
  keepAlive: { extensionMinutes: number; maxPerRun: number } = {
    extensionMinutes: 60,
    maxPerRun: 2,
  },
): Workspace {
  const running = record.desiredState === 'Running';
  return {
    id: record.id,
    name: record.name,
    project: record.projectRef,
    namespace: record.namespace,
    ...(record.cluster && { cluster: record.cluster }),
    environment: record.environmentId,
    ...(record.image && { image: record.image }),
    compute: {
      preset: record.computePresetId,
      overrides: record.computeOverrides,
    },
    resources: toApiResources(record.resources),
    dataSources: record.dataSources,
    env: record.envVars.map(variable =>
      variable.secret
        ? { name: variable.name, secret: true }
        : { name: variable.name, secret: false, value: variable.value },
    ),
    desiredState: record.desiredState,
    status: record.status,
    ...(record.statusReason && { statusReason: record.statusReason }),
    statusMessage: record.statusMessage,
    statusSince: record.statusSince.toISOString(),
    pendingRestart: record.pendingRestart,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    ...(record.lastActivityAt && {
      lastActivityAt: record.lastActivityAt.toISOString(),
    }),
    ...(record.runStartedAt && {
      runStartedAt: record.runStartedAt.toISOString(),
    }),
    ...(record.node && { node: record.node }),
    ...(record.schedule && { schedule: record.schedule }),
    ...(running &&
      record.autoStop && {
        autoStop: {
          at: record.autoStop.at.toISOString(),
          reason: record.autoStop.reason,
          message: record.autoStop.message,
          keepAlive: {
            extensionMinutes: keepAlive.extensionMinutes,
            remaining: Math.max(
              0,
              keepAlive.maxPerRun - (record.keepAliveCount ?? 0),
            ),
          },
        },
      }),
    ...(running &&
      record.keepAliveUntil && {
        keepAliveUntil: record.keepAliveUntil.toISOString(),
      }),
    revision: record.revision,
  };
}

export function toApiRun(run: RunRecord): WorkspaceRun {
  return {
    id: run.id,
    workspaceId: run.workspaceId,
    startedAt: run.startedAt.toISOString(),
    ...(run.endedAt && { endedAt: run.endedAt.toISOString() }),
    ...(run.endReason && { endReason: run.endReason }),
    ...(run.podName && { podName: run.podName }),
    ...(run.nodeName && { nodeName: run.nodeName }),
    resources: toApiResources(run.resources),
  };
}

export function toApiStatusEvent(
  event: StatusEventRecord,
): WorkspaceStatusEvent {
  return {
    id: event.id,
    workspaceId: event.workspaceId,
    ...(event.runId && { runId: event.runId }),
    time: event.time.toISOString(),
    ...(event.from && { from: event.from }),
    to: event.to,
    ...(event.reason && { reason: event.reason }),
    message: event.message,
  };
}
