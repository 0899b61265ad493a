import {
  decideLifecycleAction,
  LifecycleAction,
  LifecycleDecisionInput,
} from './decideLifecycleAction';

const min = 60_000;
const t0 = new Date('2026-03-02T08:00:00Z'); // a Monday
const at = (minutes: number) => new Date(t0.getTime() + minutes * min);

const gpuPolicy = {
  idleMs: 60 * min,
  minimumRuntimeMs: 30 * min,
  maxRuntimeMs: 12 * 60 * min,
  maxRuntimeFrom: 'the "1 GPU" compute preset',
  warningMs: 15 * min,
};

function input(
  changes: Partial<Omit<LifecycleDecisionInput, 'workspace'>> & {
    workspace?: Partial<LifecycleDecisionInput['workspace']>;
  },
): LifecycleDecisionInput {
  return {
    run: { startedAt: t0 },
    signals: { reports: [] },
    policy: gpuPolicy,
    defaultTimeZone: 'UTC',
    now: at(0),
    ...changes,
    workspace: {
      desiredState: 'Running',
      status: 'Running',
      keepAliveCount: 0,
      ...changes.workspace,
    } as LifecycleDecisionInput['workspace'],
  };
}

const warnedIdle = (stopAt: number, warnedAt: number) => ({
  autoStop: {
    at: at(stopAt),
    reason: 'Idle' as const,
    message: 'idle for 60 min',
    warnedAt: at(warnedAt),
  },
});

describe('decideLifecycleAction', () => {
  it.each<[string, LifecycleDecisionInput, LifecycleAction]>([
    [
      'a fresh run: nothing yet, the idle stop planned',
      input({ now: at(10) }),
      {
        kind: 'none',
        next: { at: at(60), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'idle for 45 of 60 min with a 15 min warning: warn',
      input({ now: at(45) }),
      {
        kind: 'warn',
        stop: { at: at(60), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'warned and the time came: stop',
      input({ now: at(60), workspace: warnedIdle(60, 45) }),
      { kind: 'stop', reason: 'Idle', message: 'idle for 60 min' },
    ],
    [
      'warned late: the stop waits for the full warning time',
      input({ now: at(70), workspace: warnedIdle(75, 60) }),
      {
        kind: 'none',
        next: { at: at(60), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'the engine was down past the stop: warn first, stop a warning time later',
      input({ now: at(90) }),
      {
        kind: 'warn',
        stop: { at: at(105), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'traffic through the proxy 5 min ago: nothing',
      input({
        now: at(100),
        signals: { proxyActivityAt: at(95), reports: [] },
      }),
      {
        kind: 'none',
        next: { at: at(155), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'warned, then used through the proxy: the warning goes',
      input({
        now: at(50),
        workspace: warnedIdle(60, 45),
        signals: { proxyActivityAt: at(49), reports: [] },
      }),
      { kind: 'clearWarning' },
    ],
    [
      'JupyterLab reports recent activity: nothing',
      input({
        now: at(100),
        signals: {
          reports: [{ source: 'jupyterlab', lastActiveAt: at(90) }],
        },
      }),
      {
        kind: 'none',
        next: { at: at(150), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'a busy kernel: no idle stop, only the maximum runtime ahead',
      input({
        now: at(300),
        signals: { reports: [{ source: 'jupyterlab', busy: true }] },
      }),
      {
        kind: 'none',
        next: {
          at: at(720),
          reason: 'MaxRuntime',
          message: 'reached the 12 h limit of the "1 GPU" compute preset',
        },
      },
    ],
    [
      'a short idle threshold waits for the minimum runtime',
      input({
        now: at(14),
        policy: { ...gpuPolicy, idleMs: 10 * min, warningMs: 0 },
      }),
      {
        kind: 'none',
        next: { at: at(30), reason: 'Idle', message: 'idle for 10 min' },
      },
    ],
    [
      'no warning time: stops right away when due',
      input({
        now: at(30),
        policy: { ...gpuPolicy, idleMs: 10 * min, warningMs: 0 },
      }),
      { kind: 'stop', reason: 'Idle', message: 'idle for 10 min' },
    ],
    [
      'a busy workspace at its maximum runtime, warned: stop',
      input({
        now: at(720),
        signals: { reports: [{ source: 'gpu', busy: true }] },
        workspace: {
          autoStop: {
            at: at(720),
            reason: 'MaxRuntime',
            message: 'x',
            warnedAt: at(705),
          },
        },
      }),
      {
        kind: 'stop',
        reason: 'MaxRuntime',
        message: 'reached the 12 h limit of the "1 GPU" compute preset',
      },
    ],
    [
      'kept alive until later: the warning goes and the stop waits',
      input({
        now: at(50),
        workspace: { keepAliveUntil: at(110) },
      }),
      {
        kind: 'none',
        next: { at: at(110), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'the keep-alive is running out: warned again',
      input({ now: at(96), workspace: { keepAliveUntil: at(110) } }),
      {
        kind: 'warn',
        stop: { at: at(111), reason: 'Idle', message: 'idle for 60 min' },
      },
    ],
    [
      'not running yet (pulling the image): no idle stop',
      input({
        now: at(200),
        policy: { ...gpuPolicy, maxRuntimeMs: undefined },
        workspace: { status: 'Initializing' },
      }),
      { kind: 'none' },
    ],
    [
      'no thresholds: nothing, and a left-over warning goes',
      input({
        now: at(200),
        policy: { minimumRuntimeMs: 0, warningMs: 15 * min },
        workspace: warnedIdle(60, 45),
      }),
      { kind: 'clearWarning' },
    ],
    [
      'a daily stop at 19:00 Berlin (18:00 UTC) is warned about at 17:45 UTC',
      input({
        now: at(9 * 60 + 45),
        policy: { minimumRuntimeMs: 0, warningMs: 15 * min },
        workspace: {
          schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
        },
      }),
      {
        kind: 'warn',
        stop: {
          at: at(10 * 60),
          reason: 'Schedule',
          message: 'scheduled stop at 19:00 (Europe/Berlin)',
        },
      },
    ],
    [
      "a workspace started after today's scheduled stop runs until tomorrow's",
      input({
        run: { startedAt: at(11 * 60) },
        now: at(12 * 60),
        policy: { minimumRuntimeMs: 0, warningMs: 15 * min },
        workspace: {
          schedule: { timeZone: 'Europe/Berlin', stop: { time: '19:00' } },
        },
      }),
      {
        kind: 'none',
        next: {
          at: at(34 * 60),
          reason: 'Schedule',
          message: 'scheduled stop at 19:00 (Europe/Berlin)',
        },
      },
    ],
  ])('%s', (_name, given, expected) => {
    expect(decideLifecycleAction(given)).toEqual(expected);
  });

  describe('scheduled starts', () => {
    const schedule = {
      timeZone: 'UTC',
      start: { time: '08:00' },
      stop: { time: '18:00' },
    };
    const stopped = (changes: Record<string, unknown> = {}) =>
      input({
        run: undefined,
        workspace: {
          desiredState: 'Stopped',
          status: 'Stopped',
          schedule,
          scheduleHandledAt: at(-24 * 60),
          ...changes,
        },
        now: at(5),
      });

    it('starts a stopped workspace on a weekday at its time', () => {
      expect(decideLifecycleAction(stopped())).toEqual({
        kind: 'start',
        occurrence: at(0),
      });
    });

    it('starts it once: a handled start is not repeated', () => {
      expect(
        decideLifecycleAction(stopped({ scheduleHandledAt: at(0) })),
      ).toEqual({ kind: 'none' });
    });

    it('does not start it at the weekend by default', () => {
      const saturday = stopped();
      saturday.now = new Date('2026-03-07T08:05:00Z');
      expect(decideLifecycleAction(saturday)).toEqual({ kind: 'none' });
    });

    it('skips a start missed by more than the grace time', () => {
      const late = stopped();
      late.now = at(45);
      expect(decideLifecycleAction(late)).toEqual({ kind: 'none' });
    });

    it('leaves a workspace that is deleted alone', () => {
      expect(
        decideLifecycleAction(stopped({ desiredState: 'Deleted' })),
      ).toEqual({ kind: 'none' });
    });
  });
});
