import { createHash } from 'crypto';
import { isWrite, KubernetesRequest } from './startAuditedCluster';

/** What a write asked for: its verb and its body as the API server logged it. */
const intentOf = (write: KubernetesRequest) =>
  `${write.verb} ${createHash('sha256')
    .update(JSON.stringify(write.requestObject ?? null))
    .digest('base64')}`;

/**
 * Kubernetes writes by which a replica applied to an object what another
 * replica had just applied to it, from the API server's audit log (at the
 * `Request` level, which holds the bodies): the same verb with the same body
 * (e.g. the StatefulSet patch of one run, or the delete of one object) right
 * after the other replica's, with no other write of the plugin to that
 * object in between. A delete answered 404 that follows no delete of the
 * other replica found an object the garbage collector removed first: it is
 * counted apart. (Writes of others than the plugin are not in the log, so a
 * drift repaired twice, once by each replica, would count as duplicated.)
 */
export function countDuplicatedWrites(requests: KubernetesRequest[]): {
  writes: number;
  /** Writes by replica (credential id): who has written at all. */
  writesByReplica: Map<string, number>;
  /** StatefulSet patches by replica: who has applied a start or stop. */
  statefulSetPatchesByReplica: Map<string, number>;
  duplicated: string[];
  alreadyGone: number;
} {
  const writes = requests
    .filter(isWrite)
    .sort((a, b) => a.receivedMs - b.receivedMs);
  const duplicated: string[] = [];
  let alreadyGone = 0;
  const writesByReplica = new Map<string, number>();
  const statefulSetPatchesByReplica = new Map<string, number>();
  const lastWrite = new Map<string, KubernetesRequest>();
  const count = (map: Map<string, number>, key: string) =>
    map.set(key, (map.get(key) ?? 0) + 1);
  for (const write of writes) {
    count(writesByReplica, write.credentialId);
    if (write.resource === 'statefulsets' && write.verb === 'patch') {
      count(statefulSetPatchesByReplica, write.credentialId);
    }
    const object = `${write.resource}/${write.namespace}/${write.name}`;
    const previous = lastWrite.get(object);
    lastWrite.set(object, write);
    const again =
      previous &&
      previous.credentialId !== write.credentialId &&
      intentOf(previous) === intentOf(write);
    if (again) {
      duplicated.push(
        `${write.verb} ${object} (answered ${write.code}) repeats the other replica's`,
      );
    } else if (write.verb === 'delete' && write.code === 404) {
      alreadyGone++;
    }
  }
  return {
    writes: writes.length,
    writesByReplica,
    statefulSetPatchesByReplica,
    duplicated,
    alreadyGone,
  };
}
