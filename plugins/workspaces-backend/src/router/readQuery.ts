import { normalizeEntityRef } from '@backstage-workspaces/plugin-workspaces-common';
import { InputError } from '@backstage/errors';

/**
 * Reads an entity ref from a query parameter as the full, lower-case ref the
 * database keeps, e.g. `vision` -> `system:default/vision`.
 */
export function readEntityRefQuery(
  value: unknown,
  field: string,
  defaultKind: 'system' | 'user',
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new InputError(
      `${field}: must be one entity ref of at most 255 characters, e.g. ${defaultKind}:default/name`,
    );
  }
  // (a NUL byte would reach the database, which refuses it)
  if (/\p{Cc}/u.test(value)) {
    throw new InputError(
      `${field}: must not contain control characters (an entity ref such as ${defaultKind}:default/name)`,
    );
  }
  try {
    return normalizeEntityRef(value, { defaultKind });
  } catch {
    throw new InputError(
      `${field}: '${value}' is not an entity ref (expected e.g. ${defaultKind}:default/name)`,
    );
  }
}

/** Reads the required `project` query parameter of a per-project route. */
export function readRequiredProjectQuery(value: unknown): string {
  const projectRef = readEntityRefQuery(value, 'project', 'system');
  if (!projectRef) {
    throw new InputError(
      'project: required, an entity ref such as system:default/vision',
    );
  }
  return projectRef;
}
