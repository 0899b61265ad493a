import { appliedFields } from './appliedFields';

describe('appliedFields', () => {
  const desired = {
    metadata: { name: 'ws-a', labels: { app: 'x' } },
    spec: { replicas: 1, ports: [{ port: 8888 }] },
  };

  it('keeps only the values at the paths the manifest sets', () => {
    const observed = {
      metadata: {
        name: 'ws-a',
        labels: { app: 'x', other: 'y' },
        uid: 'u1',
        resourceVersion: '7',
      },
      spec: { replicas: 1, ports: [{ port: 8888, protocol: 'TCP' }] },
      status: { readyReplicas: 1 },
    };
    expect(appliedFields(desired, observed)).toEqual(desired);
  });

  it('shows a changed or removed managed field', () => {
    const changed = {
      metadata: { name: 'ws-a', labels: {} },
      spec: { replicas: 0, ports: [] },
    };
    expect(appliedFields(desired, changed)).toEqual({
      metadata: { name: 'ws-a', labels: { app: undefined } },
      spec: { replicas: 0, ports: { length: 0 } },
    });
  });
});
