import {
  RunRecord,
  StatusEventRecord,
  WorkspaceRecord,
} from '../model/records';

/** Dates come back as Date (PostgreSQL), or as milliseconds (SQLite). */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as number | string);
}

function toOptionalDate(value: unknown): Date | undefined {
  return value === null || value === undefined ? undefined : toDate(value);
}

function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function workspaceToRow(record: WorkspaceRecord) {
  return {
    id: record.id,
    name: record.name,
    project_ref: record.projectRef,
    namespace: record.namespace,
    cluster: record.cluster ?? null,
    environment_id: record.environmentId,
    compute_preset_id: record.computePresetId,
    compute_overrides: JSON.stringify(record.computeOverrides),
    image: record.image ?? null,
    data_sources: JSON.stringify(record.dataSources),
    env_vars: JSON.stringify(record.envVars),
    cpu_millicores: record.resources.cpuMillicores,
    memory_bytes: record.resources.memoryBytes,
    gpus: record.resources.gpus,
    desired_state: record.desiredState,
    status: record.status,
    status_reason: record.statusReason ?? null,
    status_message: record.statusMessage,
    status_since: record.statusSince,
    pending_restart: record.pendingRestart,
    created_by: record.createdBy,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_activity_at: record.lastActivityAt ?? null,
    revision: record.revision,
    deleted_at: record.deletedAt ?? null,
    schedule: record.schedule ? JSON.stringify(record.schedule) : null,
    schedule_handled_at: record.scheduleHandledAt ?? null,
    auto_stop_at: record.autoStop?.at ?? null,
    auto_stop_reason: record.autoStop?.reason ?? null,
    auto_stop_message: record.autoStop?.message ?? null,
    auto_stop_warned_at: record.autoStop?.warnedAt ?? null,
    keep_alive_until: record.keepAliveUntil ?? null,
    keep_alive_count: record.keepAliveCount ?? 0,
    stopped_at: record.stoppedAt ?? null,
    dormancy_kept_alive_at: record.dormancyKeptAliveAt ?? null,
    dormancy_warned_at: record.dormancyWarning?.warnedAt ?? null,
    dormancy_delete_at: record.dormancyWarning?.deleteAt ?? null,
    volumes_deleted_at: record.volumesDeletedAt ?? null,
  };
}

export type WorkspaceRow = ReturnType<typeof workspaceToRow>;

export function rowToWorkspace(row: any): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    projectRef: row.project_ref,
    namespace: row.namespace,
    cluster: orUndefined(row.cluster),
    environmentId: row.environment_id,
    computePresetId: row.compute_preset_id,
    computeOverrides: JSON.parse(row.compute_overrides),
    image: orUndefined(row.image),
    dataSources: JSON.parse(row.data_sources),
    envVars: JSON.parse(row.env_vars),
    resources: {
      cpuMillicores: Number(row.cpu_millicores),
      memoryBytes: Number(row.memory_bytes),
      gpus: Number(row.gpus),
    },
    desiredState: row.desired_state,
    status: row.status,
    statusReason: orUndefined(row.status_reason),
    statusMessage: row.status_message,
    statusSince: toDate(row.status_since),
    pendingRestart: Boolean(row.pending_restart),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    lastActivityAt: toOptionalDate(row.last_activity_at),
    revision: Number(row.revision),
    deletedAt: toOptionalDate(row.deleted_at),
    schedule: row.schedule ? JSON.parse(row.schedule) : undefined,
    scheduleHandledAt: toOptionalDate(row.schedule_handled_at),
    autoStop: row.auto_stop_at
      ? {
          at: toDate(row.auto_stop_at),
          reason: row.auto_stop_reason,
          message: row.auto_stop_message ?? '',
          warnedAt: toDate(row.auto_stop_warned_at),
        }
      : undefined,
    keepAliveUntil: toOptionalDate(row.keep_alive_until),
    keepAliveCount: Number(row.keep_alive_count ?? 0),
    stoppedAt: toOptionalDate(row.stopped_at),
    dormancyKeptAliveAt: toOptionalDate(row.dormancy_kept_alive_at),
    dormancyWarning: row.dormancy_warned_at
      ? {
          warnedAt: toDate(row.dormancy_warned_at),
          deleteAt: toDate(row.dormancy_delete_at),
        }
      : undefined,
    volumesDeletedAt: toOptionalDate(row.volumes_deleted_at),
    // the current run's columns, where the query joined it (joinOpenRun)
    runStartedAt: toOptionalDate(row.run_started_at),
    node: orUndefined(row.run_node_name ?? null),
  };
}

export function runToRow(run: RunRecord) {
  return {
    id: run.id,
    workspace_id: run.workspaceId,
    started_at: run.startedAt,
    ended_at: run.endedAt ?? null,
    end_reason: run.endReason ?? null,
    pod_name: run.podName ?? null,
    node_name: run.nodeName ?? null,
    resources: JSON.stringify(run.resources),
  };
}

export function rowToRun(row: any): RunRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    startedAt: toDate(row.started_at),
    endedAt: toOptionalDate(row.ended_at),
    endReason: orUndefined(row.end_reason),
    podName: orUndefined(row.pod_name),
    nodeName: orUndefined(row.node_name),
    resources: JSON.parse(row.resources),
    ...(row.crash_log && { crashLog: JSON.parse(row.crash_log) }),
  };
}

export function rowToStatusEvent(row: any): StatusEventRecord {
  return {
    id: Number(row.id),
    workspaceId: row.workspace_id,
    runId: orUndefined(row.run_id),
    time: toDate(row.time),
    from: orUndefined(row.from_status),
    to: row.to_status,
    reason: orUndefined(row.reason),
    message: row.message,
  };
}
