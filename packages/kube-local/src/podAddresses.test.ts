import { V1Pod } from '@kubernetes/client-node';
import { BlockList } from 'node:net';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { createTestNamespace } from './__testUtils__/createTestNamespace';
import { eventually } from './__testUtils__/eventually';
import { restrictedPodSpec } from './__testUtils__/restrictedPodSpec';
import {
  findNonLoopbackAddresses,
  isLoopbackAddress,
} from './findNonLoopbackAddresses';
import { getKubeLocal } from './getKubeLocal';

function inSubnet(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const list = new BlockList();
  list.addSubnet(base, Number(bits), 'ipv4');
  return list.check(address, 'ipv4');
}

describe('addresses of the local cluster', () => {
  const kubeLocal = getKubeLocal();
  const { core } = createKubeClients(kubeLocal);
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(core, 'addresses');
  }, 30_000);
  afterAll(() => namespace?.remove());

  const runningPods = async (names: string[]) =>
    eventually(async () => {
      const pods = await core.listNamespacedPod({ namespace: namespace.name });
      const ours = pods.items.filter(p => names.includes(p.metadata!.name!));
      if (ours.length !== names.length || ours.some(p => !p.status?.podIP)) {
        throw new Error('not every pod has its address yet');
      }
      return ours;
    }, 30_000);

  it('gives the pods of every simulated node distinct loopback addresses of that node', async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const node of nodes) {
      for (let i = 0; i < 3; i++) {
        const name = `${node.metadata!.name}-${i}`;
        names.push(name);
        await core.createNamespacedPod({
          namespace: namespace.name,
          body: {
            metadata: { name },
            spec: restrictedPodSpec({}, { nodeName: node.metadata!.name }),
          },
        });
      }
    }
    const pods = await runningPods(names);

    const problems: string[] = [];
    const owners = new Map<string, string>();
    for (const pod of pods) {
      const name = pod.metadata!.name!;
      const node = nodes.find(n => n.metadata!.name === pod.spec!.nodeName)!;
      for (const ip of [
        pod.status!.podIP!,
        ...pod.status!.podIPs!.map(p => p.ip),
      ]) {
        if (!isLoopbackAddress(ip))
          problems.push(`${name}: ${ip} is not loopback`);
        if (!inSubnet(ip, node.spec!.podCIDR!))
          problems.push(
            `${name}: ${ip} is not in its node's ${node.spec!.podCIDR}`,
          );
        if (!inSubnet(ip, kubeLocal.addressBlock))
          problems.push(
            `${name}: ${ip} is not in the cluster's ${kubeLocal.addressBlock}`,
          );
      }
      const owner = owners.get(pod.status!.podIP!);
      if (owner)
        problems.push(`${name} and ${owner} share ${pod.status!.podIP}`);
      owners.set(pod.status!.podIP!, name);
    }
    expect(problems).toEqual([]);
    expect(owners.size).toBe(names.length);
  }, 60_000);

  it('reports no pod, node or service address outside loopback anywhere in the cluster', async () => {
    expect(await findNonLoopbackAddresses(core)).toEqual([]);
    const nodes = (await core.listNode()).items;
    for (const node of nodes) {
      const internal = node.status!.addresses!.find(
        a => a.type === 'InternalIP',
      );
      expect(isLoopbackAddress(internal!.address)).toBe(true);
    }
  }, 30_000);

  it('the check names a pod given a 10.x address through its annotation (negative control)', async () => {
    const leaky: V1Pod = {
      metadata: {
        name: 'leaky',
        annotations: { 'kube-local.sim/pod-ip': '10.244.1.5' },
      },
      spec: restrictedPodSpec(),
    };
    await core.createNamespacedPod({ namespace: namespace.name, body: leaky });
    await runningPods(['leaky']);
    try {
      expect(await findNonLoopbackAddresses(core)).toContainEqual({
        kind: 'Pod',
        name: `${namespace.name}/leaky`,
        address: '10.244.1.5',
      });
    } finally {
      // Other test files share the cluster and may run the check meanwhile.
      await core.deleteNamespacedPod({
        namespace: namespace.name,
        name: 'leaky',
        gracePeriodSeconds: 0,
      });
    }
  }, 30_000);
});
