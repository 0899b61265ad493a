import { KubernetesObjectApi } from '@kubernetes/client-node';
import { workspaceObjectKinds } from '../../__testUtils__/workspaceObjectKinds';
import { MANAGED_SELECTOR, WORKSPACE_ID_LABEL } from '../../kubernetes/labels';

/** What the user last asked for each workspace that still exists. */
export type DesiredStates = Map<string, 'Running' | 'Stopped'>;

/**
 * Compares a namespace with what the database says should run there and
 * returns what differs (nothing once converged): exactly one pod per running
 * workspace, none for a stopped one, no object with our labels whose
 * workspace is gone, the same volume claim (UID) as first seen, and the
 * observed status equal to the desired state.
 */
export async function checkConvergence(options: {
  objects: KubernetesObjectApi;
  namespace: string;
  desired: DesiredStates;
  /** The observed status of each workspace, from the API. */
  statuses: Map<string, string>;
  /** The claim UID first seen of each workspace; filled in as they appear. */
  claimUids: Map<string, string>;
}): Promise<{
  problems: string[];
  /** The objects with our labels whose workspace is gone (in `problems` too). */
  leftOver: string[];
  objects: number;
}> {
  const { objects, namespace, desired, statuses, claimUids } = options;
  const problems: string[] = [];
  const leftOver: string[] = [];
  const pods = new Map<string, number>();
  let count = 0;
  for (const { apiVersion, kind } of workspaceObjectKinds()) {
    const list = await objects.list(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      MANAGED_SELECTOR,
    );
    for (const item of list.items) {
      count++;
      const id = item.metadata?.labels?.[WORKSPACE_ID_LABEL] ?? '(none)';
      const name = `${kind}/${item.metadata?.name}`;
      if (!desired.has(id)) {
        leftOver.push(`${name} is left over from workspace ${id}`);
        continue;
      }
      if (kind === 'Pod' && !item.metadata?.deletionTimestamp) {
        pods.set(id, (pods.get(id) ?? 0) + 1);
      }
      if (kind === 'PersistentVolumeClaim') {
        const uid = item.metadata!.uid!;
        const first = claimUids.get(id);
        if (!first) claimUids.set(id, uid);
        else if (first !== uid) {
          problems.push(`${name} is a new claim (${uid}, was ${first})`);
        }
      }
    }
  }
  for (const [id, state] of desired) {
    const running = pods.get(id) ?? 0;
    const expected = state === 'Running' ? 1 : 0;
    if (running !== expected) {
      problems.push(`workspace ${id} (${state}) has ${running} pods`);
    }
    if (statuses.get(id) !== state) {
      problems.push(`workspace ${id} is ${statuses.get(id)}, wants ${state}`);
    }
  }
  problems.unshift(...leftOver);
  return { problems, leftOver, objects: count };
}
