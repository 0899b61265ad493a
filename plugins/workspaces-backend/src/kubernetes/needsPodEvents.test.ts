import type { V1Pod } from '@kubernetes/client-node';
import { needsPodEvents } from './needsPodEvents';

const pod = (status: V1Pod['status']): V1Pod => ({ status });

describe('needsPodEvents', () => {
  it('lists events while a container waits: a pull may be in progress or have failed', () => {
    expect(
      needsPodEvents(
        pod({
          containerStatuses: [
            {
              name: 'workspace',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        }),
      ),
    ).toBe(true);
    expect(
      needsPodEvents(
        pod({
          initContainerStatuses: [
            {
              name: 'git-clone',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ErrImagePull' } },
            },
          ],
        }),
      ),
    ).toBe(true);
  });

  it('lists events for a pod the scheduler refused without a message, not with one', () => {
    const refused = (message?: string) =>
      pod({
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
          },
        ],
      });
    expect(needsPodEvents(refused())).toBe(true);
    expect(needsPodEvents(refused('0/1 nodes are available'))).toBe(false);
  });

  it('does not list events for a pod just created, being scheduled, or whose containers run', () => {
    expect(needsPodEvents(pod(undefined))).toBe(false);
    expect(
      needsPodEvents(
        pod({
          conditions: [{ type: 'PodScheduled', status: 'True' }],
          containerStatuses: [
            {
              name: 'workspace',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { running: { startedAt: new Date() } },
            },
          ],
        }),
      ),
    ).toBe(false);
  });
});
