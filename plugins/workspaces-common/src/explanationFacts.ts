import type { KubernetesEvent, WorkspaceExplanation } from './schema/openapi';

/** An explanation without its status, which the caller adds. */
export type Explained = Omit<WorkspaceExplanation, 'status'>;

/** How ResourceQuota admission words a refusal: over a quota, or a request it needs missing. */
export const QUOTA_REFUSAL = /exceeded quota|failed quota/;

/** The newest matching event (the list is newest first). */
export function latestEvent(
  events: KubernetesEvent[] | undefined,
  matches: (event: KubernetesEvent) => boolean,
): KubernetesEvent | undefined {
  return (events ?? []).find(matches);
}

export function numberOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
