import { isWrite, KubernetesRequest } from './startAuditedCluster';

/**
 * Kubernetes writes that two replicas made of one workspace's objects, from
 * the API server's audit log: a write by one replica that falls inside the
 * other replica's pass (a pass applies the claims first and the
 * NetworkPolicy last, so one replica's writes between its claim and its
 * NetworkPolicy are one pass), and a create answered 409 or a delete
 * answered 404 after the other replica had done the same. (A delete that
 * finds an object the garbage collector removed first is counted apart.)
 */
export function countDuplicatedWrites(
  requests: KubernetesRequest[],
  workspaceOf: (request: KubernetesRequest) => string | undefined,
): { writes: number; duplicated: string[]; alreadyGone: number } {
  const writes = requests.filter(isWrite);
  const duplicated: string[] = [];
  let alreadyGone = 0;
  const byWorkspace = new Map<string, KubernetesRequest[]>();
  for (const write of writes) {
    if (
      (write.verb === 'create' && write.code === 409) ||
      (write.verb === 'delete' && write.code === 404)
    ) {
      const byOther = writes.some(
        other =>
          other.verb === write.verb &&
          other.resource === write.resource &&
          other.name === write.name &&
          other.credentialId !== write.credentialId &&
          other.receivedMs <= write.receivedMs,
      );
      if (byOther) {
        duplicated.push(
          `${write.verb} ${write.resource}/${write.name} answered ${write.code} after the other replica's`,
        );
      } else {
        alreadyGone++;
      }
    }
    const workspace = workspaceOf(write);
    if (workspace) {
      byWorkspace.set(workspace, [
        ...(byWorkspace.get(workspace) ?? []),
        write,
      ]);
    }
  }
  for (const [workspace, list] of byWorkspace) {
    // each replica's passes: from a claim write to the next NetworkPolicy write
    const passes: Array<{ replica: string; from: number; to: number }> = [];
    const open = new Map<string, number>();
    for (const write of [...list].sort((a, b) => a.receivedMs - b.receivedMs)) {
      if (
        write.resource === 'persistentvolumeclaims' &&
        write.verb === 'patch'
      ) {
        if (!open.has(write.credentialId))
          open.set(write.credentialId, write.receivedMs);
      }
      if (
        write.resource === 'networkpolicies' &&
        open.has(write.credentialId)
      ) {
        passes.push({
          replica: write.credentialId,
          from: open.get(write.credentialId)!,
          to: write.completedMs,
        });
        open.delete(write.credentialId);
      }
    }
    for (const write of list) {
      const inside = passes.find(
        pass =>
          pass.replica !== write.credentialId &&
          write.receivedMs > pass.from &&
          write.receivedMs < pass.to,
      );
      if (inside) {
        duplicated.push(
          `${write.verb} ${write.resource}/${write.name} of ${workspace} inside another replica's pass`,
        );
      }
    }
  }
  return { writes: writes.length, duplicated, alreadyGone };
}
