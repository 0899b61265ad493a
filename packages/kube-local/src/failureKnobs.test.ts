import { V1Pod } from '@kubernetes/client-node';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { createTestNamespace } from './__testUtils__/createTestNamespace';
import { recordWatch } from './__testUtils__/recordWatch';
import { restrictedPodSpec } from './__testUtils__/restrictedPodSpec';
import { getKubeLocal } from './getKubeLocal';

describe('failure knobs', () => {
  const { core, kubeConfig } = createKubeClients(getKubeLocal());
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(core, 'knobs');
  }, 30_000);
  afterAll(() => namespace?.remove());

  it('shows ImagePullBackOff for a pod with the image-pull knob', async () => {
    const pods = await recordWatch<V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${namespace.name}/pods`,
      { fieldSelector: 'metadata.name=pull' },
    );
    try {
      await core.createNamespacedPod({
        namespace: namespace.name,
        body: {
          metadata: {
            name: 'pull',
            annotations: { 'kube-local.sim/fail': 'image-pull' },
          },
          spec: restrictedPodSpec(),
        },
      });

      const pod = await pods.until(
        'Waiting/ImagePullBackOff',
        (_, p) =>
          p.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
          'ImagePullBackOff',
      );
      expect(pod.status?.phase).toBe('Pending');
      // It went through ErrImagePull first, as a kubelet does.
      expect(
        pods.events.some(
          e =>
            e.object.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
            'ErrImagePull',
        ),
      ).toBe(true);
    } finally {
      pods.stop();
    }
  }, 60_000);
});
