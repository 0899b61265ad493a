import { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import type { RecordedStatusChange } from '../database/RuntimeStore';
import { decideRunNotice, RunNotice } from './decideRunNotice';

const t0 = new Date('2026-03-02T08:00:00Z');
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);

const crashing = {
  status: 'Failed' as const,
  reason: 'CrashLoopBackOff',
  message:
    'The container jupyterlab keeps crashing; last exit: Error (exit code 1)',
};
const ready = {
  status: 'Running' as const,
  reason: 'Ready',
  message: 'Running on node kube-local',
};
const run = (firstRunning: boolean) => ({
  id: 'run-1',
  startedAt: t0,
  firstRunning,
});

function change(
  from: WorkspaceStatus,
  observed: RecordedStatusChange['observed'],
  changes: Partial<RecordedStatusChange> = {},
): RecordedStatusChange {
  return { from, observed, run: run(false), ...changes };
}

const KEPT =
  'Its volumes and configuration are kept; open its page for the details, and start it again there.';
const slowStart = (took: string): RunNotice => ({
  kind: 'slowStart',
  title: `Workspace churn-model is running (start took ${took})`,
  description: 'Its tools are ready now.',
  severity: 'normal',
});

describe('decideRunNotice', () => {
  it.each<[string, RecordedStatusChange, number, Date, RunNotice | undefined]>([
    [
      'a run that fails: the reason and message in plain words',
      change('Initializing', crashing),
      120_000,
      seconds(30),
      {
        kind: 'failed',
        title: 'Workspace churn-model failed',
        description: `CrashLoopBackOff: The container jupyterlab keeps crashing; last exit: Error (exit code 1). ${KEPT}`,
        severity: 'high',
      },
    ],
    [
      'a failure outside a run (the cluster refused the objects): told too',
      change(
        'Creating',
        {
          status: 'Failed',
          reason: 'ApplyFailed',
          message: "The cluster refused the workspace's objects: forbidden",
        },
        { run: undefined },
      ),
      120_000,
      seconds(5),
      {
        kind: 'failed',
        title: 'Workspace churn-model failed',
        description: `ApplyFailed: The cluster refused the workspace's objects: forbidden. ${KEPT}`,
        severity: 'high',
      },
    ],
    [
      'a failed run whose message changes: no news',
      change('Failed', { ...crashing, message: 'another message' }),
      120_000,
      seconds(30),
      undefined,
    ],
    [
      'the first Running of a run after the threshold: told, in minutes',
      change('Initializing', ready, { run: run(true) }),
      120_000,
      seconds(5 * 60 + 10),
      slowStart('5 min'),
    ],
    [
      'a start of exactly the threshold: told',
      change('Pending', ready, { run: run(true) }),
      120_000,
      seconds(120),
      slowStart('2 min'),
    ],
    [
      'a slow start under a minute (a low threshold): told in seconds',
      change('Initializing', ready, { run: run(true) }),
      10_000,
      seconds(42),
      slowStart('42 s'),
    ],
    [
      'a start under the threshold: no news',
      change('Initializing', ready, { run: run(true) }),
      120_000,
      seconds(119),
      undefined,
    ],
    [
      'slow-start notices turned off (0): no news, however long it took',
      change('Initializing', ready, { run: run(true) }),
      0,
      seconds(3600),
      undefined,
    ],
    [
      'Running again after Degraded in the same run: no news',
      change('Degraded', ready, { run: run(false) }),
      120_000,
      seconds(3600),
      undefined,
    ],
    [
      'Running again after an outage (Unknown, then Initializing): no news',
      change('Initializing', ready, { run: run(false) }),
      120_000,
      seconds(3600),
      undefined,
    ],
    [
      'Running without an open run: no news',
      change('Initializing', ready, { run: undefined }),
      120_000,
      seconds(3600),
      undefined,
    ],
    [
      'a stop: no news (automatic stops are told by the policy engine)',
      change('Stopping', {
        status: 'Stopped',
        reason: 'Stopped',
        message: 'Stopped; configuration and volumes are kept',
      }),
      120_000,
      seconds(3600),
      undefined,
    ],
    [
      'a step of a start (Initializing): no news',
      change('Pending', {
        status: 'Initializing',
        reason: 'ContainerCreating',
        message: 'Starting',
      }),
      120_000,
      seconds(3600),
      undefined,
    ],
  ])('%s', (_name, recorded, slowStartMs, now, expected) => {
    const notice = decideRunNotice({
      workspace: { name: 'churn-model' },
      change: recorded,
      slowStartMs,
      now,
    });
    expect(notice).toEqual(expected);
  });
});
