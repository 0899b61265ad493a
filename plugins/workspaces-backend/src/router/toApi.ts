import {
  formatCpu,
  formatMemory,
  Workspace,
  WorkspaceDormancy,
  WorkspaceRun,
  WorkspaceStorage,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  RequestedResources,
  RunRecord,
  StatusEventRecord,
  WorkspaceRecord,
} from '../model/records';
import { dormantSince } from '../lifecycle/decideDormancyAction';
import {
  DormancyDeletion,
  dormancyAppliesTo,
  DormancyPolicyConfig,
} from '../lifecycle/readDormancyPolicy';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { workspaceStorage } from '../workspaces/workspaceStorage';

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

/** A stopped workspace's dormancy clock, warning and deleted volumes. */
function toApiDormancy(
  record: WorkspaceRecord,
  deletion?: DormancyDeletion,
): WorkspaceDormancy | undefined {
  const since = dormantSince(record);
  if (record.desiredState !== 'Stopped' || !since) {
    return undefined;
  }
  const warning = record.dormancyWarning;
  return {
    stoppedSince: since.toISOString(),
    ...(record.dormancyKeptAliveAt && {
      keptAliveAt: record.dormancyKeptAliveAt.toISOString(),
    }),
    ...(warning && {
      warnedAt: warning.warnedAt.toISOString(),
      deleteAt: warning.deleteAt.toISOString(),
      ...(deletion && { deletion }),
    }),
    ...(record.volumesDeletedAt && {
      volumesDeletedAt: record.volumesDeletedAt.toISOString(),
    }),
  };
}

/** What the API adds to a workspace from the config. */
export interface ToApiWorkspaceOptions {
  keepAlive?: { extensionMinutes: number; maxPerRun: number };
  /** What dormancy deletes in the workspace's project, if it applies there. */
  dormancyDeletion?: (projectRef: string) => DormancyDeletion | undefined;
  /** The volumes the workspace holds (workspaceStorage). */
  storage?: (record: WorkspaceRecord) => WorkspaceStorage;
}

/** A workspace as the API shows it: secret values never leave the backend. */
export function toApiWorkspace(
  record: WorkspaceRecord,
  options: ToApiWorkspaceOptions = {},
): Workspace {
  const keepAlive = options.keepAlive ?? {
    extensionMinutes: 60,
    maxPerRun: 2,
  };
  const running = record.desiredState === 'Running';
  const dormancy = toApiDormancy(
    record,
    options.dormancyDeletion?.(record.projectRef),
  );
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
    ...(dormancy && { dormancy }),
    ...(options.storage && { storage: options.storage(record) }),
    revision: record.revision,
  };
}

/**
 * toApiWorkspace with what the config adds: keep-alive bounds, dormancy
 * and the volumes; one for the routes and the actions alike.
 */
export function createWorkspaceView(options: {
  buildingBlocks: BuildingBlockCatalog;
  keepAlive?: { extensionMinutes: number; maxPerRun: number };
  dormancy?: DormancyPolicyConfig;
}): (record: WorkspaceRecord) => Workspace {
  const { buildingBlocks, dormancy } = options;
  return record =>
    toApiWorkspace(record, {
      keepAlive: options.keepAlive,
      dormancyDeletion: projectRef =>
        dormancyAppliesTo(dormancy, projectRef) ? dormancy.delete : undefined,
      storage: workspace =>
        workspaceStorage(
          workspace,
          buildingBlocks.forProject(workspace.projectRef).dataSources,
        ),
    });
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
