import { KUBERNETES_NAMESPACE_ANNOTATION } from '@backstage-workspaces/plugin-workspaces-common';

/** Enough of a catalog entity to tell its project namespace. */
export interface EntityWithAnnotations {
  metadata?: { annotations?: Record<string, string> };
}

/**
 * The namespaces the projects among `entities` run their workspaces in
 * (an entity is a project by its `backstage.io/kubernetes-namespace`
 * annotation), sorted, each once.
 */
export function projectNamespaces(
  entities: Array<EntityWithAnnotations | null | undefined>,
): string[] {
  const namespaces = entities
    .map(
      entity =>
        entity?.metadata?.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION],
    )
    .filter((name): name is string => typeof name === 'string')
    .map(name => name.trim())
    .filter(name => name.length > 0);
  return [...new Set(namespaces)].sort();
}
