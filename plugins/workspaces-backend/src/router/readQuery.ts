import { InputError } from '@backstage/errors';
import { Request } from 'express';

/** Reads the optional `project` query parameter, refusing repeats and arrays. */
export function readProjectQuery(query: Request['query']): string | undefined {
  const value = query.project;
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    throw new InputError(
      'project: must be one entity ref of at most 255 characters, e.g. system:default/vision',
    );
  }
  return value;
}
