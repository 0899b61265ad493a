import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * An entity ref in the one form the plugin compares and stores: full and
 * lower case, e.g. `vision` -> `system:default/vision`. Throws for anything
 * that is not an entity ref.
 * @public
 */
export function normalizeEntityRef(
  ref: string,
  defaults: { defaultKind: string; defaultNamespace?: string },
): string {
  return stringifyEntityRef(parseEntityRef(ref, defaults)).toLocaleLowerCase(
    'en-US',
  );
}
