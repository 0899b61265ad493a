import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  WORKSPACES_MEMBERS_ANNOTATION,
} from './constants';
import { normalizeEntityRef } from './entityRefs';

/**
 * A project is a catalog entity that names the Kubernetes namespace its
 * workspaces run in.
 * @public
 */
export function isWorkspacesProject(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION]?.trim(),
  );
}

/**
 * The entity refs whose members are assigned to a project: its owner and the
 * refs listed in the `workspaces.backstage.io/members` annotation. Refs
 * without a kind are taken as groups, as `spec.owner` is.
 * @public
 */
export function getProjectMemberRefs(entity: Entity): string[] {
  const refs = new Set<string>();
  const owners = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef);
  const specOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (owners.length === 0 && typeof specOwner === 'string') {
    owners.push(specOwner);
  }
  const listed = (
    entity.metadata.annotations?.[WORKSPACES_MEMBERS_ANNOTATION] ?? ''
  )
    .split(',')
    .map(ref => ref.trim())
    .filter(Boolean);
  for (const ref of [...owners, ...listed]) {
    refs.add(
      normalizeEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  }
  return [...refs];
}

/**
 * Whether a user, given their ownership entity refs (the user and their
 * groups), is assigned to the project.
 * @public
 */
export function isAssignedToProject(
  ownershipEntityRefs: string[],
  project: Entity,
): boolean {
  const members = new Set(getProjectMemberRefs(project));
  return ownershipEntityRefs.some(ref =>
    members.has(ref.toLocaleLowerCase('en-US')),
  );
}
