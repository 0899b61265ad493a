import {
  describeEvent,
  describePod,
  describeVolumeClaim,
  newestFirst,
} from './describeWorkspaceObjects';

describe('describePod', () => {
  it('lists init containers first, each with its state, last state and exit code', () => {
    const described = describePod({
      metadata: { name: 'ws-lab-0' },
      spec: {
        nodeName: 'sim-cpu-0',
        initContainers: [{ name: 'git-examples', image: 'alpine/git:2' }],
        containers: [{ name: 'workspace', image: 'quay.io/jupyter/x:1' }],
      },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        ],
        initContainerStatuses: [
          {
            name: 'git-examples',
            image: 'alpine/git:2',
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
        containerStatuses: [
          {
            name: 'workspace',
            image: 'quay.io/jupyter/x:1',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: 'back-off 40s restarting failed container=workspace',
              },
            },
            lastState: {
              terminated: {
                exitCode: 127,
                reason: 'Error',
                finishedAt: new Date('2026-11-30T10:00:00Z'),
              },
            },
          },
        ],
      },
    });
    expect(described).toEqual({
      kind: 'Pod',
      name: 'ws-lab-0',
      pod: {
        phase: 'Running',
        nodeName: 'sim-cpu-0',
        conditions: [
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        ],
        containers: [
          {
            name: 'git-examples',
            init: true,
            image: 'alpine/git:2',
            ready: true,
            restartCount: 0,
            state: { state: 'terminated', exitCode: 0, reason: 'Completed' },
          },
          {
            name: 'workspace',
            init: false,
            image: 'quay.io/jupyter/x:1',
            ready: false,
            restartCount: 3,
            state: {
              state: 'waiting',
              reason: 'CrashLoopBackOff',
              message: 'back-off 40s restarting failed container=workspace',
            },
            lastState: {
              state: 'terminated',
              exitCode: 127,
              reason: 'Error',
              finishedAt: '2026-11-30T10:00:00.000Z',
            },
          },
        ],
      },
    });
  });

  it('shows a container the kubelet has not reported yet as unknown, not ready', () => {
    const described = describePod({
      metadata: { name: 'ws-lab-0' },
      spec: { containers: [{ name: 'workspace', image: 'img:1' }] },
      status: { phase: 'Pending' },
    });
    expect(described.pod!.containers).toEqual([
      {
        name: 'workspace',
        init: false,
        image: 'img:1',
        ready: false,
        restartCount: 0,
        state: { state: 'unknown' },
      },
    ]);
  });
});

describe('describeVolumeClaim', () => {
  it('tells a claim waiting for a volume from a bound one', () => {
    expect(
      describeVolumeClaim({
        metadata: { name: 'ws-lab-home' },
        spec: {
          resources: { requests: { storage: '20Gi' } },
          storageClassName: 'slow',
          accessModes: ['ReadWriteOnce'],
        },
        status: { phase: 'Pending' },
      }),
    ).toEqual({
      kind: 'PersistentVolumeClaim',
      name: 'ws-lab-home',
      volumeClaim: {
        phase: 'Pending',
        requested: '20Gi',
        storageClassName: 'slow',
        accessModes: ['ReadWriteOnce'],
      },
    });
  });
});

describe('describeEvent and newestFirst', () => {
  const event = (reason: string, time: Partial<Record<string, Date>>) =>
    describeEvent({
      metadata: {},
      involvedObject: { kind: 'Pod', name: 'ws-lab-0' },
      reason,
      message: reason,
      ...time,
    });

  it('sorts by the last time, else the event time, newest first, and counts an event seen once as 1', () => {
    const scheduled = event('Scheduled', {
      eventTime: new Date('2026-11-30T10:00:00Z'),
    });
    const pulled = event('Pulled', {
      firstTimestamp: new Date('2026-11-30T10:00:01Z'),
      lastTimestamp: new Date('2026-11-30T10:00:05Z'),
    });
    const backOff = event('BackOff', {
      lastTimestamp: new Date('2026-11-30T10:00:03Z'),
    });
    expect(
      newestFirst([scheduled, pulled, backOff]).map(e => e.reason),
    ).toEqual(['Pulled', 'BackOff', 'Scheduled']);
    expect(scheduled).toMatchObject({
      type: 'Normal',
      count: 1,
      time: '2026-11-30T10:00:00.000Z',
      involvedObject: { kind: 'Pod', name: 'ws-lab-0' },
    });
  });
});
