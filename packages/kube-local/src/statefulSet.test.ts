import { V1Pod } from '@kubernetes/client-node';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { createTestNamespace } from './__testUtils__/createTestNamespace';
import { recordWatch } from './__testUtils__/recordWatch';
import { restrictedPodSpec } from './__testUtils__/restrictedPodSpec';
import { getKubeLocal } from './getKubeLocal';

const isReady = (pod: V1Pod): boolean =>
  pod.status?.phase === 'Running' &&
  !!pod.status.conditions?.some(c => c.type === 'Ready' && c.status === 'True');

describe('a StatefulSet in a restricted namespace', () => {
  const { core, apps, kubeConfig } = createKubeClients(getKubeLocal());
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(core, 'sts');
  }, 30_000);
  afterAll(() => namespace?.remove());

  it('runs a pod with a volume until the StatefulSet is deleted', async () => {
    const ns = namespace.name;
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
    });
    await core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          clusterIP: 'None',
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 8080 }],
        },
      },
    });

    const pods = await recordWatch<V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${ns}/pods`,
      { labelSelector: 'app=web' },
    );
    try {
      await apps.createNamespacedStatefulSet({
        namespace: ns,
        body: {
          metadata: { name: 'web' },
          spec: {
            replicas: 1,
            serviceName: 'web',
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: restrictedPodSpec(
                {
                  ports: [{ name: 'http', containerPort: 8080 }],
                  volumeMounts: [{ name: 'data', mountPath: '/data' }],
                },
                {
                  volumes: [
                    {
                      name: 'data',
                      persistentVolumeClaim: { claimName: 'data' },
                    },
                  ],
                },
              ),
            },
          },
        },
      });

      const running = await pods.until(
        'pod web-0 Running and Ready',
        (type, pod) => type !== 'DELETED' && isReady(pod),
      );
      expect(running.metadata?.name).toBe('web-0');
      expect(running.spec?.nodeName).toMatch(/^sim-/);
      expect(running.status?.containerStatuses?.[0]).toMatchObject({
        name: 'app',
        ready: true,
        started: true,
        state: { running: expect.any(Object) },
      });

      // The pod could only be scheduled with its claim bound to a volume
      // (created by kube-local's provisioner for the default StorageClass).
      const pvc = await core.readNamespacedPersistentVolumeClaim({
        name: 'data',
        namespace: ns,
      });
      expect(pvc.status?.phase).toBe('Bound');
      expect(pvc.spec?.storageClassName).toBe('standard');

      await apps.deleteNamespacedStatefulSet({ name: 'web', namespace: ns });
      const deleted = await pods.until(
        'pod web-0 deleted',
        (type, pod) => type === 'DELETED' && pod.metadata?.name === 'web-0',
      );
      expect(deleted.metadata?.uid).toBe(running.metadata?.uid);
      const left = await core.listNamespacedPod({ namespace: ns });
      expect(left.items).toEqual([]);
    } finally {
      pods.stop();
    }
  }, 60_000);

  it('rejects a pod that breaks the restricted policy', async () => {
    const error = await core
      .createNamespacedPod({
        namespace: namespace.name,
        body: {
          metadata: { name: 'root' },
          spec: {
            containers: [{ name: 'app', image: 'registry.example/app:1.0' }],
          },
        },
      })
      .then(
        () => undefined,
        e => e,
      );
    expect(error?.code).toBe(403);
    // ApiException.body is the Status object as a JSON string.
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'Forbidden',
      message: expect.stringContaining('violates PodSecurity "restricted'),
    });
  }, 30_000);
});
