import { InputError } from '@backstage/errors';
import { WorkspaceLogOptions } from '@backstage-workspaces/plugin-workspaces-node';

/** The most bytes one logs response carries (follow streams included). */
export const LOG_LIMIT_BYTES = 1024 * 1024;
/** The most lines a logs response goes back. */
export const MAX_TAIL_LINES = 10_000;
const DEFAULT_TAIL_LINES = 1_000;

function wholeNumber(
  value: string | undefined,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new InputError(
      `${field}: '${value}' must be a whole number from ${min} to ${max}`,
    );
  }
  return number;
}

/** The query of a logs request, checked, with the caps applied. */
export function readLogsQuery(query: {
  container?: string;
  tail?: string;
  sinceSeconds?: string;
  previous?: 'true' | 'false';
  follow?: 'true' | 'false';
}): WorkspaceLogOptions {
  if (query.container !== undefined && query.container.length > 253) {
    throw new InputError('container: must be at most 253 characters');
  }
  return {
    container: query.container || undefined,
    tailLines:
      wholeNumber(query.tail, 'tail', 1, MAX_TAIL_LINES) ?? DEFAULT_TAIL_LINES,
    sinceSeconds: wholeNumber(
      query.sinceSeconds,
      'sinceSeconds',
      1,
      // a year: longer asks for nothing a cluster keeps
      366 * 24 * 3600,
    ),
    previous: query.previous === 'true',
    follow: query.follow === 'true',
    limitBytes: LOG_LIMIT_BYTES,
  };
}
