import { CoreV1Api } from '@kubernetes/client-node';
import { BlockList, isIP } from 'node:net';

/** An address a cluster reports that is not a loopback address. */
export interface NonLoopbackAddress {
  kind: 'Pod' | 'Node' | 'Service';
  /** `namespace/name` for pods and services, the name for nodes. */
  name: string;
  address: string;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether an IP address is in 127.0.0.0/8 or is ::1. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return (
    family !== 0 && loopback.check(address, family === 4 ? 'ipv4' : 'ipv6')
  );
}

/**
 * Every address of the cluster that a client could dial and that is not
 * loopback: pod IPs, node IPs (their kubelet endpoints) and service cluster
 * IPs. On kube-local the list is empty; anything in it is a bug, since
 * nothing we run here may connect outside loopback.
 */
export async function findNonLoopbackAddresses(
  core: CoreV1Api,
): Promise<NonLoopbackAddress[]> {
  const [pods, nodes, services] = await Promise.all([
    core.listPodForAllNamespaces(),
    core.listNode(),
    core.listServiceForAllNamespaces(),
  ]);
  const found: NonLoopbackAddress[] = [];
  const check = (
    kind: NonLoopbackAddress['kind'],
    name: string,
    addresses: Array<string | undefined>,
  ) => {
    for (const address of new Set(addresses)) {
      if (address && isIP(address) && !isLoopbackAddress(address)) {
        found.push({ kind, name, address });
      }
    }
  };
  for (const pod of pods.items) {
    check('Pod', `${pod.metadata?.namespace}/${pod.metadata?.name}`, [
      pod.status?.podIP,
      ...(pod.status?.podIPs ?? []).map(p => p.ip),
    ]);
  }
  for (const node of nodes.items) {
    check(
      'Node',
      node.metadata?.name ?? '',
      (node.status?.addresses ?? []).map(a => a.address),
    );
  }
  for (const service of services.items) {
    check(
      'Service',
      `${service.metadata?.namespace}/${service.metadata?.name}`,
      [service.spec?.clusterIP, ...(service.spec?.clusterIPs ?? [])].filter(
        ip => ip !== 'None',
      ),
    );
  }
  return found;
}
