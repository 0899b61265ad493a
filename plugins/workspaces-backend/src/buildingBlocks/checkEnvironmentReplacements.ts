import {
  BuildingBlockScope,
  WorkspaceEnvironment,
} from '@backstage-workspaces/plugin-workspaces-common';
import { fail } from '../config/configReaders';

/** Every project that may use `inner` may use `outer` too. */
function covers(outer: BuildingBlockScope, inner: BuildingBlockScope): boolean {
  if (outer.kind === 'all') {
    return true;
  }
  return (
    inner.kind === 'projects' &&
    inner.projects.every(project => outer.projects.includes(project))
  );
}

/**
 * Checks each environment's `replacedBy`: it names another environment of
 * the same list, offered to every project the replaced one is, not hidden
 * (a workspace could not be updated to it), and no chain of replacements
 * comes back to where it began. Fails at the first `${prefix}[i].replacedBy`
 * that breaks a rule.
 */
export function checkEnvironmentReplacements(
  environments: WorkspaceEnvironment[],
  prefix: string,
): void {
  const byId = new Map(environments.map(e => [e.id, e]));
  environments.forEach((environment, index) => {
    const key = `${prefix}[${index}].replacedBy`;
    const { replacedBy } = environment;
    if (replacedBy === undefined) {
      return;
    }
    const replacement = byId.get(replacedBy);
    if (!replacement) {
      fail(
        key,
        `'${replacedBy}' is not an environment; use the id of one of ${[
          ...byId.keys(),
        ]
          .filter(id => id !== environment.id)
          .join(', ')}`,
      );
    }
    if (replacement.lifecycle === 'hidden') {
      fail(
        key,
        `'${replacedBy}' is hidden; a replacement must be offered to new workspaces`,
      );
    }
    if (!covers(replacement.scope, environment.scope)) {
      fail(
        key,
        `'${replacedBy}' is not available to every project '${environment.id}' is; list those projects in its projects too`,
      );
    }
    const chain = [environment.id];
    for (
      let next: WorkspaceEnvironment | undefined = replacement;
      next;
      next = next.replacedBy ? byId.get(next.replacedBy) : undefined
    ) {
      if (chain.includes(next.id)) {
        fail(
          key,
          `replacements go round in a cycle (${[...chain, next.id].join(
            ' -> ',
          )}); the last one must have no replacedBy`,
        );
      }
      chain.push(next.id);
    }
  });
}
