import { WorkspaceRecord } from '../model/records';
import { DormancyDeletion, DormancyPolicyConfig } from './readDormancyPolicy';

const DAY_MS = 24 * 3_600_000;

export interface DormancyDecisionInput {
  workspace: Pick<
    WorkspaceRecord,
    | 'desiredState'
    | 'stoppedAt'
    | 'dormancyKeptAliveAt'
    | 'dormancyWarning'
    | 'volumesDeletedAt'
  >;
  /** The policy of the workspace's project; undefined: dormancy is off there. */
  policy?: Pick<
    DormancyPolicyConfig,
    'warnAfterDays' | 'deleteAfterDays' | 'delete'
  >;
  now: Date;
}

export type DormancyAction =
  | { kind: 'none' }
  /** Tell the creator; the deletion happens at `deleteAt`, not before. */
  | { kind: 'warn'; deleteAt: Date; deletion: DormancyDeletion }
  /** The warning no longer applies (dormancy turned off, or kept alive). */
  | { kind: 'clearWarning' }
  | { kind: 'delete'; deletion: DormancyDeletion; stoppedDays: number };

/** Since when the workspace counts as unused: its stop or its last keep-alive. */
export function dormantSince(
  workspace: DormancyDecisionInput['workspace'],
): Date | undefined {
  const { stoppedAt, dormancyKeptAliveAt } = workspace;
  if (!stoppedAt) return undefined;
  return dormancyKeptAliveAt && dormancyKeptAliveAt > stoppedAt
    ? dormancyKeptAliveAt
    : stoppedAt;
}

/**
 * What the dormancy runner does about one workspace now: nothing, warn its
 * creator that its volumes (or itself) will be deleted, withdraw a warning,
 * or delete. A deletion always needs a recorded warning, and happens no
 * sooner than the time the warning named nor `deleteAfterDays` after it,
 * whatever the config says later or however long the backend was down: a
 * workspace never warned is only ever warned.
 */
export function decideDormancyAction(
  input: DormancyDecisionInput,
): DormancyAction {
  const { workspace, policy, now } = input;
  const warning = workspace.dormancyWarning;
  const since = dormantSince(workspace);
  if (!policy || workspace.desiredState !== 'Stopped' || !since) {
    return warning ? { kind: 'clearWarning' } : { kind: 'none' };
  }
  if (policy.delete === 'volumes' && workspace.volumesDeletedAt) {
    // done; nothing is left to delete until it runs again
    return warning ? { kind: 'clearWarning' } : { kind: 'none' };
  }
  if (warning) {
    if (warning.warnedAt < since) {
      // kept alive after the warning
      return { kind: 'clearWarning' };
    }
    const deleteAt = Math.max(
      warning.deleteAt.getTime(),
      warning.warnedAt.getTime() + policy.deleteAfterDays * DAY_MS,
    );
    if (now.getTime() >= deleteAt) {
      return {
        kind: 'delete',
        deletion: policy.delete,
        stoppedDays: Math.floor(
          (now.getTime() - workspace.stoppedAt!.getTime()) / DAY_MS,
        ),
      };
    }
    return { kind: 'none' };
  }
  if (now.getTime() >= since.getTime() + policy.warnAfterDays * DAY_MS) {
    return {
      kind: 'warn',
      deleteAt: new Date(now.getTime() + policy.deleteAfterDays * DAY_MS),
      deletion: policy.delete,
    };
  }
  return { kind: 'none' };
}
