import { WORKSPACE_NAME_RULE } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesApi } from '../../api';

/**
 * `stem` with `suffix`, the stem cut short (and of trailing "-") where the
 * two would not fit the name rule's length.
 */
export function fitName(stem: string, suffix: string): string {
  const cut = stem
    .slice(0, WORKSPACE_NAME_RULE.maxLength - suffix.length)
    .replace(/-+$/, '');
  return `${cut}${suffix}`;
}

/** The first of `candidate(1)`, `candidate(2)`… not in `taken`. */
export function firstFreeName(
  candidate: (n: number) => string,
  taken: Iterable<string>,
): string {
  const names = new Set(taken);
  for (let n = 1; ; n++) {
    const name = candidate(n);
    if (!names.has(name)) return name;
  }
}

/**
 * What every name from `candidate` contains (the list query `q` matches names
 * containing it): the stem as cut for the longest suffix considered likely
 * (n = 999) is a prefix of the stem of every shorter one.
 */
export function nameQuery(
  candidate: (n: number) => string,
  suffix: (n: number) => string,
): string {
  const longest = candidate(999);
  return longest.slice(0, longest.length - suffix(999).length);
}

const numberSuffix = (n: number) => `-${n}`;
const numberedName = (environment: string) => (n: number) =>
  fitName(environment, numberSuffix(n));

/**
 * A free name for a new workspace of `environment`: `<environment>-1`, else
 * `-2`, `-3`… (the id cut short where the number would not fit), the first
 * not in `taken`.
 */
export function suggestWorkspaceName(
  environment: string,
  taken: Iterable<string>,
): string {
  return firstFreeName(numberedName(environment), taken);
}

/** The list query that finds the names {@link suggestWorkspaceName} must avoid. */
export function workspaceNameQuery(environment: string): string {
  return nameQuery(numberedName(environment), numberSuffix);
}

/**
 * The names in `project` that contain `q`, every page of them. A failed
 * list gives what was read: a name taken after all is refused at the name
 * field when the workspace is created.
 */
export async function listTakenNames(
  api: Pick<WorkspacesApi, 'listWorkspaces'>,
  project: string,
  q: string,
): Promise<string[]> {
  const taken: string[] = [];
  try {
    let cursor: string | undefined;
    do {
      const page = await api.listWorkspaces({ project, q, limit: 200, cursor });
      taken.push(...page.items.map(w => w.name));
      cursor = page.nextCursor;
    } while (cursor);
  } catch {
    // see above
  }
  return taken;
}
