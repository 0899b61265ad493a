import {
  KubernetesEvent,
  WorkspaceStatus,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';

/** A status change with the Kubernetes events that explain it, newest first. */
export interface TimelineEntry {
  change: WorkspaceStatusEvent;
  explainedBy: KubernetesEvent[];
}

/** Which status changes a Kubernetes event's reason explains. */
const EXPLAINS: Record<string, WorkspaceStatus[]> = {
  FailedScheduling: ['Pending'],
  FailedCreate: ['Pending', 'Creating'],
  ProvisioningFailed: ['Pending', 'Creating', 'Initializing'],
  FailedMount: ['Initializing', 'Pending'],
  FailedAttachVolume: ['Initializing', 'Pending'],
  Failed: ['Failed', 'Initializing'],
  BackOff: ['Failed', 'Degraded'],
  Unhealthy: ['Degraded', 'Initializing', 'Failed'],
  Evicted: ['Failed'],
  OOMKilling: ['Failed'],
};

const timeOf = (time: string) => new Date(time).getTime();

/**
 * Puts each Kubernetes event that explains a status change under that
 * change: of the changes to a status its reason explains (FailedScheduling
 * a Pending, BackOff a Failed), the one nearest in time. Other events (e.g.
 * Pulled, Started) stay in the Events tab. Changes come newest first, as
 * given; the events under each, newest first too.
 */
export function mergeTimeline(
  changes: WorkspaceStatusEvent[],
  events: KubernetesEvent[],
): TimelineEntry[] {
  const entries = changes.map(change => ({
    change,
    explainedBy: [] as KubernetesEvent[],
  }));
  for (const event of events) {
    const statuses = EXPLAINS[event.reason];
    if (!statuses) continue;
    const nearest = entries
      .filter(entry => statuses.includes(entry.change.to))
      .sort(
        (a, b) =>
          Math.abs(timeOf(a.change.time) - timeOf(event.time)) -
          Math.abs(timeOf(b.change.time) - timeOf(event.time)),
      )[0];
    nearest?.explainedBy.push(event);
  }
  for (const entry of entries) {
    entry.explainedBy.sort((a, b) => timeOf(b.time) - timeOf(a.time));
  }
  return entries;
}
