import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { PULL_SHOWN_AFTER_MS, podEventsDueAt } from './podEventsDueAt';

const CREATED = new Date('2026-12-01T10:00:00Z');

const pod = (status: V1Pod['status']): V1Pod => ({
  metadata: { creationTimestamp: CREATED },
  status,
});
const container = (
  name: string,
  state: V1ContainerStatus['state'],
): V1ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state,
});

describe('podEventsDueAt', () => {
  it('lists the events of a container being created once the pod is old enough for a pull to show', () => {
    const due = CREATED.getTime() + PULL_SHOWN_AFTER_MS;
    expect(
      podEventsDueAt(
        pod({
          containerStatuses: [
            container('workspace', {
              waiting: { reason: 'ContainerCreating' },
            }),
          ],
        }),
      ),
    ).toBe(due);
    expect(
      podEventsDueAt(
        pod({
          initContainerStatuses: [
            container('git-clone', { waiting: { reason: 'PodInitializing' } }),
          ],
          containerStatuses: [container('workspace', { waiting: {} })],
        }),
      ),
    ).toBe(due);
  });

  it('lists events at once for a container that waits for another reason: a failed pull is final, its cause must be kept', () => {
    expect(
      podEventsDueAt(
        pod({
          initContainerStatuses: [
            container('git-clone', { waiting: { reason: 'ErrImagePull' } }),
          ],
          containerStatuses: [
            container('workspace', {
              waiting: { reason: 'PodInitializing' },
            }),
          ],
        }),
      ),
    ).toBe(0);
  });

  it('lists events at once for a waiting container of a pod whose creation time is unknown', () => {
    expect(
      podEventsDueAt({
        status: {
          containerStatuses: [
            container('workspace', {
              waiting: { reason: 'ContainerCreating' },
            }),
          ],
        },
      }),
    ).toBe(0);
  });

  it('lists events at once for a pod the scheduler refused without a message, not with one', () => {
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
    expect(podEventsDueAt(refused())).toBe(0);
    expect(podEventsDueAt(refused('0/1 nodes are available'))).toBeUndefined();
  });

  it('does not list events for a pod just created, being scheduled, or whose containers run', () => {
    expect(podEventsDueAt(pod(undefined))).toBeUndefined();
    expect(
      podEventsDueAt(
        pod({
          conditions: [{ type: 'PodScheduled', status: 'True' }],
          containerStatuses: [
            container('workspace', { running: { startedAt: new Date() } }),
          ],
        }),
      ),
    ).toBeUndefined();
  });
});
