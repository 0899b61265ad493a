import {
  Entity,
  parseEntityRef,
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { getProjectMemberRefs } from '@backstage-workspaces/plugin-workspaces-common';

const lowerCase = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The users assigned to a project, as the catalog says now: the users its
 * owner and `workspaces.backstage.io/members` name, and the direct members
 * of the groups they name (the groups a user's sign-in puts in their
 * ownership refs). Only user refs: a token's group claims are those of its
 * sign-in, and may be stale; whether a user is still in a group is the
 * catalog's answer of the last sync, so a user removed from a group loses
 * the project with the next sync, not with their token's expiry.
 */
export function expandProjectMembers(
  project: Entity,
  groups: ReadonlyMap<string, Entity>,
): string[] {
  const users = new Set<string>();
  for (const ref of getProjectMemberRefs(project)) {
    const kind = parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
    if (kind === 'user') {
      users.add(ref);
    } else if (kind === 'group') {
      for (const relation of groups.get(ref)?.relations ?? []) {
        if (relation.type === RELATION_HAS_MEMBER) {
          users.add(lowerCase(relation.targetRef));
        }
      }
    }
  }
  return [...users].filter(
    ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'user',
  );
}

/** The groups a list of catalog entities holds, by lower-case ref. */
export function groupsByRef(groups: Entity[]): Map<string, Entity> {
  return new Map(
    groups.map(group => [lowerCase(stringifyEntityRef(group)), group]),
  );
}

/** The group refs a project's members name (to fetch from the catalog). */
export function memberGroupRefs(project: Entity): string[] {
  return getProjectMemberRefs(project).filter(
    ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
  );
}
