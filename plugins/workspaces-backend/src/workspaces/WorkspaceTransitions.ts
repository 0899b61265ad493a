import { ConflictError } from '@backstage/errors';
import { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { randomUUID } from 'crypto';
import { OwnedElsewhere, WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { QuotaService } from '../quota/QuotaService';
import { WorkspaceChangeSignals } from './WorkspaceChangeSignals';

/** A change of what a workspace should be, whoever asks for it. */
export interface WorkspaceTransition {
  to: 'Running' | 'Stopped' | 'Deleted';
  /** Why, for the status event, e.g. `StartRequested` or `AutoStopIdle`. */
  reason: string;
  /** For people, e.g. `Stopped by user:default/alice`. */
  message: string;
  /** Kept on the workspace as its status reason (a policy's stop). */
  statusReason?: string;
  /**
   * A stop that also deletes the workspace's volumes (dormancy): the
   * runtime removes the claims it would remove on a delete, and a start
   * creates new empty ones.
   */
  deleteVolumes?: boolean;
}

/**
 * The dormancy fields a transition sets: a stop starts the dormancy clock
 * (unless the workspace was stopped already), a start or a delete ends it
 * with its warning and forgets deleted volumes (a start creates new ones).
 */
function dormancyAfter(
  current: WorkspaceRecord,
  transition: WorkspaceTransition,
  now: Date,
): Partial<WorkspaceRecord> {
  if (transition.to !== 'Stopped') {
    return {
      stoppedAt: undefined,
      dormancyKeptAliveAt: undefined,
      dormancyWarning: undefined,
      volumesDeletedAt: undefined,
    };
  }
  return {
    ...(current.desiredState !== 'Stopped' && {
      stoppedAt: now,
      dormancyKeptAliveAt: undefined,
      dormancyWarning: undefined,
    }),
    ...(transition.deleteVolumes && {
      volumesDeletedAt: now,
      dormancyWarning: undefined,
    }),
  };
}

/** The status a workspace shows at once when it is asked to become `to`. */
function firstStatus(
  current: WorkspaceRecord,
  to: WorkspaceTransition['to'],
): WorkspaceStatus {
  switch (to) {
    case 'Running':
      return 'Creating';
    case 'Stopped':
      return current.status === 'Stopped' ? 'Stopped' : 'Stopping';
    case 'Deleted':
      return 'Deleting';
    default:
      return assertNever(to);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected transition to ${value}`);
}

/**
 * The one way a workspace's desired state changes: a user's start, stop or
 * delete, a scheduled start and a policy's stop all go through `apply`
 * (after their own checks). All or none, guarded by the revision it
 * was decided from: the current run ends, a start opens a new one, the
 * automatic-stop state resets, and the status event is written; then the
 * runtime and the frontend hear of it. A start is checked against the quotas
 * first, as its creator.
 */
export class WorkspaceTransitions {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: WorkspaceStore;
      runtime?: WorkspaceRuntime;
      changeSignals?: WorkspaceChangeSignals;
      quotas?: QuotaService;
      /** Counts the stops by reason. */
      metrics?: WorkspacesMetrics;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Applies the transition; a ConflictError if the workspace changed since `current`. */
  async apply(
    current: WorkspaceRecord,
    transition: WorkspaceTransition,
  ): Promise<WorkspaceRecord> {
    const { to, reason, message } = transition;
    if (to === 'Running') {
      await this.options.quotas?.check(
        {
          projectRef: current.projectRef,
          namespace: current.namespace,
          cluster: current.cluster,
          userRef: current.createdBy,
        },
        current,
      );
    }
    const now = this.now();
    const status = firstStatus(current, to);
    const newRunId = to === 'Running' ? randomUUID() : undefined;
    const dormancy = dormancyAfter(current, transition, now);
    // guarded by the revision: of two deciders, one changes it; the
    // automatic-stop state and the dormancy clock reset in the same write;
    // every transition ends the open run, a start opens the next
    const saved = await this.options.store.applyTransition(
      {
        ...current,
        desiredState: to,
        ...(to === 'Running' && { pendingRestart: false }),
        status,
        statusReason: transition.statusReason,
        statusMessage: message,
        statusSince: status === current.status ? current.statusSince : now,
        updatedAt: now,
        runStartedAt: newRunId ? now : undefined,
        node: undefined,
        autoStop: undefined,
        keepAliveUntil: undefined,
        keepAliveCount: 0,
        ...dormancy,
      },
      current.revision,
      {
        event: { time: now, from: current.status, to: status, reason, message },
        // a start replaces a run that never ended (a failed one)
        endReason: newRunId ? current.statusMessage || current.status : message,
        newRun: newRunId
          ? {
              id: newRunId,
              workspaceId: current.id,
              startedAt: now,
              resources: current.resources,
            }
          : undefined,
      },
      [
        'autoStop',
        'keepAliveUntil',
        'keepAliveCount',
        ...(Object.keys(dormancy) as OwnedElsewhere[]),
      ],
    );
    if (to === 'Stopped') {
      // dormancy's volume deletion of a stopped workspace counts too
      this.options.metrics?.stopped(reason);
    }
    this.changed(saved);
    return saved;
  }

  /**
   * As `apply`, for a decider that acts only on the state it read (a
   * lifecycle policy): undefined when the workspace changed meanwhile, so it
   * acts at most once.
   */
  async applyIfUnchanged(
    current: WorkspaceRecord,
    transition: WorkspaceTransition,
  ): Promise<WorkspaceRecord | undefined> {
    try {
      return await this.apply(current, transition);
    } catch (error) {
      if (error instanceof ConflictError) {
        return undefined;
      }
      throw error;
    }
  }

  /** Tells the runtime and the frontend that a workspace changed. */
  changed(record: WorkspaceRecord): void {
    this.options.runtime?.workspaceChanged(record.id);
    this.options.changeSignals?.changed(record);
  }
}
