import type { RecordedStatusChange } from '../database/RuntimeStore';

/** What the creator is told about a run, if anything. */
export interface RunNotice {
  kind: 'failed' | 'slowStart';
  title: string;
  description: string;
  severity: 'high' | 'normal';
}

/** How long a start took, in words: seconds under a minute, else minutes. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * Whether a recorded status change of a workspace is news for its creator,
 * and in which words:
 *
 * - it became Failed (from any other status): the reason and message of the
 *   status, as the details page shows them;
 * - its run became Running for the first time, `slowStartMs` or more after
 *   the run started (0: never).
 *
 * Anything else (a message that changed within Failed, Running again after
 * Degraded or an outage, a start under the threshold) is no news. The change
 * is one that was recorded, once, by the replica holding the workspace's
 * lease: a notice follows from it at most once.
 */
export function decideRunNotice(input: {
  workspace: { name: string };
  change: RecordedStatusChange;
  slowStartMs: number;
  now: Date;
}): RunNotice | undefined {
  const { workspace, change, slowStartMs, now } = input;
  const { observed, run } = change;
  if (observed.status === 'Failed' && change.from !== 'Failed') {
    return {
      kind: 'failed',
      title: `Workspace ${workspace.name} failed`,
      description: `${observed.reason}: ${observed.message}. Its volumes and configuration are kept; open its page for the details, and start it again there.`,
      severity: 'high',
    };
  }
  if (
    observed.status === 'Running' &&
    run?.firstRunning &&
    slowStartMs > 0 &&
    now.getTime() - run.startedAt.getTime() >= slowStartMs
  ) {
    return {
      kind: 'slowStart',
      title: `Workspace ${workspace.name} is running (start took ${duration(
        now.getTime() - run.startedAt.getTime(),
      )})`,
      description: 'Its tools are ready now.',
      severity: 'normal',
    };
  }
  return undefined;
}
