import {
  ComputeOverrides,
  DesiredState,
  WorkspaceCrashLog,
  WorkspaceDataSourceChoice,
  WorkspaceSchedule,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';

/** An env var as stored: secret values only encrypted. */
export interface StoredEnvVar {
  name: string;
  secret: boolean;
  /** Plain value of a non-secret variable. */
  value?: string;
  /** Encrypted value of a secret variable. */
  encryptedValue?: string;
}

/** What a workspace requests when it runs, in numbers SQL can sum. */
export interface RequestedResources {
  cpuMillicores: number;
  memoryBytes: number;
  gpus: number;
}

/** A workspace as the database keeps it. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  projectRef: string;
  namespace: string;
  cluster?: string;
  environmentId: string;
  computePresetId: string;
  computeOverrides: ComputeOverrides;
  /** The user's image in place of the environment's, where it allows one. */
  image?: string;
  dataSources: WorkspaceDataSourceChoice[];
  envVars: StoredEnvVar[];
  resources: RequestedResources;
  desiredState: DesiredState;
  status: WorkspaceStatus;
  statusReason?: string;
  statusMessage: string;
  statusSince: Date;
  pendingRestart: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt?: Date;
  revision: number;
  deletedAt?: Date;
  schedule?: WorkspaceSchedule;
  /** Scheduled starts up to this time are done (or were refused). */
  scheduleHandledAt?: Date;
  /** The automatic stop the creator was warned about, if any. */
  autoStop?: AutoStopRecord;
  /** No automatic stop before this time (keep-alives of the current run). */
  keepAliveUntil?: Date;
  /** Keep-alives of the current run; 0 when absent. */
  keepAliveCount?: number;
  /** When the workspace was last asked to stop; unset while it runs (dormancy). */
  stoppedAt?: Date;
  /** The last keep-alive while stopped: the dormancy clock restarts there. */
  dormancyKeptAliveAt?: Date;
  /** The dormancy deletion its creator was warned about, if any. */
  dormancyWarning?: DormancyWarningRecord;
  /** Dormancy deleted the volumes (while stopped); a start creates new ones. */
  volumesDeletedAt?: Date;
  /** When the current (open) run started; read with the workspace, never written with it. */
  runStartedAt?: Date;
  /** The node of the current run's pod, once known; read, never written. */
  node?: string;
}

/** Why a workspace stops on its own. */
export type AutoStopReason = 'Idle' | 'MaxRuntime' | 'Schedule';

/** An automatic stop that was announced. */
export interface AutoStopRecord {
  at: Date;
  reason: AutoStopReason;
  /** In words, e.g. "idle for 60 min". */
  message: string;
  warnedAt: Date;
}

/** The status reason of a stopped workspace whose volumes dormancy deleted. */
export const DORMANCY_VOLUMES_DELETED = 'DormancyVolumesDeleted';

/** A dormancy deletion that was announced. */
export interface DormancyWarningRecord {
  warnedAt: Date;
  /** Not before this time, whatever the config says later. */
  deleteAt: Date;
}

/** One run of a workspace. */
export interface RunRecord {
  id: string;
  workspaceId: string;
  startedAt: Date;
  endedAt?: Date;
  endReason?: string;
  podName?: string;
  nodeName?: string;
  resources: RequestedResources & { gpuResourceName?: string };
  /** The crashed container's last log lines, when a crash failed the run. */
  crashLog?: WorkspaceCrashLog;
}

/** One status change of a workspace. */
export interface StatusEventRecord {
  id: number;
  workspaceId: string;
  runId?: string;
  time: Date;
  from?: WorkspaceStatus;
  to: WorkspaceStatus;
  reason?: string;
  message: string;
}
