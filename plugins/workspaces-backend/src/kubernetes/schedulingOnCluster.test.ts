import { V1Pod } from '@kubernetes/client-node';
import { createRestrictedNamespaces, getKubeLocal } from '@internal/kube-local';
import { randomBytes } from 'crypto';
import { adminClients } from '../__testUtils__/kubernetesTestCluster';
import { presetPodTemplate } from '../__testUtils__/presetPodTemplate';
import { waitUntil } from '../__testUtils__/waitUntil';

/*
 * A compute preset's scheduling on the local control plane's real
 * scheduler: a node of its own with a taint (registered here, as a
 * platform team's dedicated pool would be), a preset whose toleration lets
 * the workspace's pod onto it, and one without that stays Pending.
 */

const kube = getKubeLocal();
const { core } = adminClients(kube);
const suffix = randomBytes(3).toString('hex');
const nodeName = `dedicated-${suffix}`;
const namespace = `sched-${suffix}`;
const poolLabel = 'pool.example.com/dedicated';
const taint = {
  key: 'pool.example.com/dedicated',
  value: suffix,
  effect: 'NoSchedule',
};

/** The pod a workspace of a preset with `scheduling` gets. */
function workspacePod(
  name: string,
  scheduling: Record<string, unknown>,
): V1Pod {
  const template = presetPodTemplate({
    preset: {
      id: 'dedicated',
      title: 'Dedicated pool',
      cpu: { request: '100m' },
      memory: { request: '64Mi' },
      scheduling,
    },
    workspace: {
      id: `5b1f0c36-0c43-4e8a-9b8e-${randomBytes(6).toString('hex')}`,
      name,
      namespace,
      resources: { cpuMillicores: 100, memoryBytes: 64 * 2 ** 20, gpus: 0 },
    },
  });
  return {
    metadata: { ...template.metadata, name, namespace },
    spec: template.spec!,
  };
}

async function podState(name: string) {
  const pod = await core.readNamespacedPod({ name, namespace });
  return {
    nodeName: pod.spec?.nodeName,
    scheduled: pod.status?.conditions?.find(c => c.type === 'PodScheduled'),
  };
}

describe('compute preset scheduling on the local control plane', () => {
  beforeAll(async () => {
    await createRestrictedNamespaces(kube, [namespace]);
    await core.createNode({
      body: {
        metadata: {
          name: nodeName,
          labels: { 'kubernetes.io/hostname': nodeName, [poolLabel]: suffix },
        },
        spec: { taints: [taint] },
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '10' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '10' },
          conditions: [{ type: 'Ready', status: 'True', reason: 'Test' }],
        },
      },
    });
    // the API server taints a new node not-ready until a kubelet says it
    // is; nothing runs this node, so only the test's own taint is kept
    await core.patchNode(
      {
        name: nodeName,
        body: [{ op: 'replace', path: '/spec/taints', value: [taint] }],
      },
      undefined,
    );
    const node = await core.readNode({ name: nodeName });
    const taints = node.spec?.taints ?? [];
    const onlyOurs =
      taints.length === 1 &&
      taints[0].key === taint.key &&
      taints[0].value === taint.value &&
      taints[0].effect === taint.effect;
    if (!onlyOurs) {
      throw new Error(
        `the test node has other taints: ${JSON.stringify(node.spec?.taints)}`,
      );
    }
  }, 60_000);

  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => {});
    await core.deleteNode({ name: nodeName }).catch(() => {});
  });

  it('puts the pod of a preset that tolerates the taint on the tainted node', async () => {
    const pod = workspacePod('tolerates', {
      nodeSelector: { [poolLabel]: suffix },
      tolerations: [
        {
          key: taint.key,
          operator: 'Equal',
          value: suffix,
          effect: 'NoSchedule',
        },
      ],
    });
    expect(pod.spec!.tolerations).toContainEqual({
      key: taint.key,
      operator: 'Equal',
      value: suffix,
      effect: 'NoSchedule',
    });
    await core.createNamespacedPod({ namespace, body: pod });
    const { value } = await waitUntil(
      'the pod to be bound to a node',
      async () => {
        const state = await podState('tolerates');
        return { done: !!state.nodeName, value: state };
      },
      30_000,
    );
    expect(value.nodeName).toBe(nodeName);
  }, 60_000);

  it('leaves the pod of a preset without the toleration Pending, naming the taint', async () => {
    await core.createNamespacedPod({
      namespace,
      body: workspacePod('no-toleration', {
        nodeSelector: { [poolLabel]: suffix },
      }),
    });
    const { value } = await waitUntil(
      'the scheduler to refuse the pod',
      async () => {
        const state = await podState('no-toleration');
        return { done: state.scheduled?.status === 'False', value: state };
      },
      30_000,
    );
    expect(value.nodeName).toBeUndefined();
    expect(value.scheduled).toMatchObject({
      reason: 'Unschedulable',
      message: expect.stringContaining('untolerated taint'),
    });
  }, 60_000);
});
