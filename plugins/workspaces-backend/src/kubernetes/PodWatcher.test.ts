import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { isAwaitedChange } from './PodWatcher';

const pod = (status: V1Pod['status']): V1Pod => ({
  metadata: { name: 'ws-a-0', namespace: 'team-a' },
  spec: { containers: [{ name: 'workspace', image: 'jupyter:1' }] },
  status,
});

const running = (ready: 'True' | 'False'): V1Pod =>
  pod({ phase: 'Running', conditions: [{ type: 'Ready', status: ready }] });

const waiting = (
  reason: string,
  extra: Partial<V1ContainerStatus> = {},
): V1Pod =>
  pod({
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }],
    containerStatuses: [
      {
        name: 'workspace',
        image: 'jupyter:1',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason } },
        ...extra,
      },
    ],
  });

describe('isAwaitedChange', () => {
  it('awaits a pod that went, turned Ready, or shows a failure', () => {
    expect(isAwaitedChange(waiting('ContainerCreating'), true)).toBe(true);
    expect(isAwaitedChange(running('True'), false)).toBe(true);
    expect(
      isAwaitedChange(
        waiting('CrashLoopBackOff', {
          restartCount: 1,
          lastState: { terminated: { exitCode: 1, reason: 'Error' } },
        }),
        false,
      ),
    ).toBe(true);
    expect(isAwaitedChange(waiting('ErrImagePull'), false)).toBe(true);
    expect(isAwaitedChange(waiting('ImagePullBackOff'), false)).toBe(true);
    expect(isAwaitedChange(waiting('InvalidImageName'), false)).toBe(true);
    expect(
      isAwaitedChange(
        pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' }),
        false,
      ),
    ).toBe(true);
  });

  it('does not await a pod on its way: unscheduled, scheduled, its containers being created, running but not Ready yet', () => {
    expect(isAwaitedChange(pod({ phase: 'Pending' }), false)).toBe(false);
    expect(isAwaitedChange(waiting('ContainerCreating'), false)).toBe(false);
    expect(isAwaitedChange(running('False'), false)).toBe(false);
  });
});
