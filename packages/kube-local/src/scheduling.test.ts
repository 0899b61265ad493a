import { V1Pod } from '@kubernetes/client-node';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { createTestNamespace } from './__testUtils__/createTestNamespace';
import { recordWatch } from './__testUtils__/recordWatch';
import { restrictedPodSpec } from './__testUtils__/restrictedPodSpec';
import { getKubeLocal } from './getKubeLocal';

const gpuPod = (name: string, gpus: number): V1Pod => ({
  metadata: { name },
  // Extended resources are set as limits (requests default to them).
  spec: restrictedPodSpec({
    resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
  }),
});

describe('GPU scheduling', () => {
  const { core, kubeConfig } = createKubeClients(getKubeLocal());
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(core, 'gpu');
  }, 30_000);
  afterAll(() => namespace?.remove());

  it('places a pod asking for 1 GPU on the GPU node', async () => {
    const pods = await recordWatch<V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${namespace.name}/pods`,
      { fieldSelector: 'metadata.name=one-gpu' },
    );
    try {
      await core.createNamespacedPod({
        namespace: namespace.name,
        body: gpuPod('one-gpu', 1),
      });
      const pod = await pods.until(
        'the pod to be scheduled',
        (_, p) => !!p.spec?.nodeName,
      );
      expect(pod.spec?.nodeName).toBe('sim-gpu-0');
    } finally {
      pods.stop();
    }
  }, 60_000);

  it('leaves a pod asking for 100 GPUs Pending as Unschedulable', async () => {
    const pods = await recordWatch<V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${namespace.name}/pods`,
      { fieldSelector: 'metadata.name=many-gpus' },
    );
    try {
      await core.createNamespacedPod({
        namespace: namespace.name,
        body: gpuPod('many-gpus', 100),
      });
      const pod = await pods.until('PodScheduled=False', (_, p) =>
        (p.status?.conditions ?? []).some(
          c => c.type === 'PodScheduled' && c.status === 'False',
        ),
      );
      expect(pod.status?.phase).toBe('Pending');
      expect(pod.spec?.nodeName).toBeUndefined();
      expect(
        pod.status?.conditions?.find(c => c.type === 'PodScheduled'),
      ).toMatchObject({
        status: 'False',
        reason: 'Unschedulable',
        message: expect.stringContaining('Insufficient nvidia.com/gpu'),
      });
    } finally {
      pods.stop();
    }
  }, 60_000);
});
