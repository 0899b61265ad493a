import { ResponseError } from '@backstage/errors';
import { WorkspaceObject } from '@backstage-workspaces/plugin-workspaces-common';

/** An error of the backend as the client throws it, e.g. a 409 with its message. */
export function aResponseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse({
    status,
    statusText: name,
    url: 'http://localhost/api/workspaces/workspaces/w1/logs',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () =>
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
  } as unknown as Response);
}

/** The objects of a running workspace whose pod has an init container. */
export const runningObjects: WorkspaceObject[] = [
  {
    kind: 'Pod',
    name: 'ws-churn-model-0',
    pod: {
      phase: 'Running',
      nodeName: 'gpu-0',
      podIP: '127.0.0.7',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containers: [
        {
          name: 'git-examples',
          init: true,
          image: 'alpine/git:2.47.2',
          ready: false,
          restartCount: 0,
          state: { state: 'terminated', reason: 'Completed', exitCode: 0 },
        },
        {
          name: 'workspace',
          init: false,
          image: 'quay.io/jupyter/scipy-notebook:2025-03-14',
          ready: true,
          restartCount: 2,
          state: { state: 'running', startedAt: '2026-11-28T10:00:00Z' },
          lastState: {
            state: 'terminated',
            reason: 'OOMKilled',
            exitCode: 137,
          },
        },
      ],
    },
  },
  {
    kind: 'StatefulSet',
    name: 'ws-churn-model',
    statefulSet: { replicas: 1, readyReplicas: 1 },
  },
  {
    kind: 'PersistentVolumeClaim',
    name: 'ws-churn-model-home',
    volumeClaim: {
      phase: 'Bound',
      requested: '10Gi',
      capacity: '10Gi',
      storageClassName: 'standard',
      volumeName: 'pvc-1234',
      accessModes: ['ReadWriteOnce'],
    },
  },
];

/**
 * A `followLogs` whose chunks the test pushes one at a time; it remembers
 * the signal it was given, to check that leaving aborts the stream.
 */
export function aLogStream() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  const nextPushOrAbort = (signal: AbortSignal) =>
    new Promise<void>(resolve => {
      wake = resolve;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  const stream = {
    signal: undefined as AbortSignal | undefined,
    followLogs: jest.fn(async function* follow(
      _workspaceId: string,
      options: { signal?: AbortSignal } = {},
    ) {
      const signal = options.signal!;
      stream.signal = signal;
      while (!signal.aborted) {
        if (queue.length) {
          yield queue.shift()!;
        } else {
          await nextPushOrAbort(signal);
        }
      }
    }),
    push(chunk: string) {
      queue.push(chunk);
      wake?.();
    },
  };
  return stream;
}
