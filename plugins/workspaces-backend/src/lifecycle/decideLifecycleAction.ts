import {
  formatDuration,
  isStatusIn,
  TOOLS_UP_STATUSES,
} from '@backstage-workspaces/plugin-workspaces-common';
import { AutoStopReason, WorkspaceRecord } from '../model/records';
import { ResolvedLifecyclePolicy } from './readLifecyclePolicy';
import {
  DEFAULT_START_DAYS,
  DEFAULT_STOP_DAYS,
  nextOccurrence,
  previousOccurrence,
} from './scheduleOccurrences';

/** A scheduled start missed by more than this (backend down) is skipped. */
export const SCHEDULED_START_GRACE_MS = 30 * 60_000;

/** What says a workspace is in use. */
export interface LifecycleSignals {
  /** Last request through the tool proxy, to any of its tools. */
  proxyActivityAt?: Date;
  /** What the tools themselves and activity sources (e.g. GPU use) report. */
  reports: Array<{ source: string; lastActiveAt?: Date; busy?: boolean }>;
}

export interface LifecycleDecisionInput {
  workspace: Pick<
    WorkspaceRecord,
    | 'desiredState'
    | 'status'
    | 'autoStop'
    | 'keepAliveUntil'
    | 'schedule'
    | 'scheduleHandledAt'
  >;
  /** The open run, if the workspace runs. */
  run?: { startedAt: Date };
  signals: LifecycleSignals;
  policy: ResolvedLifecyclePolicy;
  /** Time zone of schedules that name none. */
  defaultTimeZone: string;
  now: Date;
}

/** An automatic stop ahead. */
export interface PlannedStop {
  at: Date;
  reason: AutoStopReason;
  /** In words, e.g. "idle for 60 min". */
  message: string;
}

export type LifecycleAction =
  | { kind: 'none'; next?: PlannedStop }
  /** Tell the creator; the stop happens at `stop.at`, not before. */
  | { kind: 'warn'; stop: PlannedStop }
  /** The warned-about stop no longer applies (used again, kept alive). */
  | { kind: 'clearWarning' }
  | { kind: 'stop'; reason: AutoStopReason; message: string }
  /** The schedule starts the workspace; `occurrence` is the start time it is for. */
  | { kind: 'start'; occurrence: Date };

/** The latest of some times. */
function latest(times: Array<Date | undefined>): Date | undefined {
  return times.reduce<Date | undefined>(
    (best, time) => (time && (!best || time > best) ? time : best),
    undefined,
  );
}

/** Every automatic stop that applies to a running workspace, not yet kept alive. */
function plannedStops(input: LifecycleDecisionInput): PlannedStop[] {
  const { workspace, run, signals, policy } = input;
  if (!run) return [];
  const stops: PlannedStop[] = [];
  const busy = signals.reports.some(report => report.busy);
  if (
    policy.idleMs !== undefined &&
    isStatusIn(TOOLS_UP_STATUSES, workspace.status) &&
    !busy
  ) {
    const activeAt = latest([
      run.startedAt,
      signals.proxyActivityAt,
      ...signals.reports.map(report => report.lastActiveAt),
    ])!;
    stops.push({
      at: new Date(
        Math.max(
          activeAt.getTime() + policy.idleMs,
          run.startedAt.getTime() + policy.minimumRuntimeMs,
        ),
      ),
      reason: 'Idle',
      message: `idle for ${formatDuration(policy.idleMs)}`,
    });
  }
  if (policy.maxRuntimeMs !== undefined) {
    stops.push({
      at: new Date(run.startedAt.getTime() + policy.maxRuntimeMs),
      reason: 'MaxRuntime',
      message: `reached the ${formatDuration(policy.maxRuntimeMs)} limit of ${
        policy.maxRuntimeFrom ?? 'all workspaces'
      }`,
    });
  }
  const stopRule = workspace.schedule?.stop;
  if (stopRule) {
    const timeZone = workspace.schedule?.timeZone ?? input.defaultTimeZone;
    const at = nextOccurrence(
      { time: stopRule.time, days: stopRule.days ?? DEFAULT_STOP_DAYS },
      timeZone,
      run.startedAt,
    );
    if (at) {
      stops.push({
        at,
        reason: 'Schedule',
        message: `scheduled stop at ${stopRule.time} (${timeZone})`,
      });
    }
  }
  return stops;
}

function decideScheduledStart(input: LifecycleDecisionInput): LifecycleAction {
  const { workspace, now } = input;
  const rule = workspace.schedule?.start;
  if (!rule || workspace.desiredState !== 'Stopped') {
    return { kind: 'none' };
  }
  const occurrence = previousOccurrence(
    { time: rule.time, days: rule.days ?? DEFAULT_START_DAYS },
    workspace.schedule?.timeZone ?? input.defaultTimeZone,
    now,
  );
  if (
    occurrence &&
    now.getTime() - occurrence.getTime() <= SCHEDULED_START_GRACE_MS &&
    (!workspace.scheduleHandledAt || occurrence > workspace.scheduleHandledAt)
  ) {
    return { kind: 'start', occurrence };
  }
  return { kind: 'none' };
}

/**
 * What the policy engine does about one workspace now: nothing, warn its
 * creator of a coming stop, withdraw a warning, stop it, or start it by its
 * schedule. A stop is always warned about first (unless the warning time is
 * 0) and happens no earlier than the time the warning named. Keep-alives
 * postpone every kind of stop.
 */
export function decideLifecycleAction(
  input: LifecycleDecisionInput,
): LifecycleAction {
  const { workspace, now, policy } = input;
  if (workspace.desiredState !== 'Running') {
    return decideScheduledStart(input);
  }
  const keepAliveUntil = workspace.keepAliveUntil?.getTime() ?? 0;
  const plan = plannedStops(input)
    .map(stop => ({
      ...stop,
      at: new Date(Math.max(stop.at.getTime(), keepAliveUntil)),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  const warned = workspace.autoStop;

  if (!plan) {
    return warned ? { kind: 'clearWarning' } : { kind: 'none' };
  }
  const warnFrom = plan.at.getTime() - policy.warningMs;
  if (warned) {
    if (warnFrom > now.getTime()) {
      return { kind: 'clearWarning' };
    }
    if (now >= plan.at && now >= warned.at) {
      return { kind: 'stop', reason: plan.reason, message: plan.message };
    }
    return { kind: 'none', next: plan };
  }
  if (warnFrom > now.getTime()) {
    return { kind: 'none', next: plan };
  }
  if (policy.warningMs === 0 && now >= plan.at) {
    return { kind: 'stop', reason: plan.reason, message: plan.message };
  }
  return {
    kind: 'warn',
    stop: {
      ...plan,
      at: new Date(
        Math.max(plan.at.getTime(), now.getTime() + policy.warningMs),
      ),
    },
  };
}
