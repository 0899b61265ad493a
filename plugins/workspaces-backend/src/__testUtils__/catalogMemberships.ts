import { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';

/**
 * Each team of the Users in catalog files with each of its users, as
 * `<team> user:default/<name>`: what a test backend waits for before a test
 * runs, since the membership sync and each create expand teams to the users
 * the catalog has stitched to them, and the catalog does that in its own time.
 */
export function teamMemberships(files: string[]): string[] {
  return files
    .flatMap(file => parseAllDocuments(readFileSync(file, 'utf8')))
    .map(document => document.toJSON() as Entity | null)
    .filter(entity => entity?.kind === 'User')
    .flatMap(entity =>
      ((entity!.spec?.memberOf ?? []) as string[]).map(
        team => `${team} user:default/${entity!.metadata.name}`,
      ),
    );
}

/** The memberships of `teamMemberships` the catalog's groups have now. */
export function stitchedMemberships(groups: Entity[]): Set<string> {
  return new Set(
    groups.flatMap(group =>
      (group.relations ?? [])
        .filter(relation => relation.type === 'hasMember')
        .map(relation => `${group.metadata.name} ${relation.targetRef}`),
    ),
  );
}
