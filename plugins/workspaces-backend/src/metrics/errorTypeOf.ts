import { ApiException } from '@kubernetes/client-node';

/**
 * The `error.type` attribute of a failure, low in cardinality as
 * OpenTelemetry asks: the HTTP status the API server answered, else the
 * system error's code (e.g. `ECONNREFUSED`), else the error's name.
 */
export function errorTypeOf(error: unknown): string {
  if (error instanceof ApiException) {
    return String(error.code);
  }
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code) {
    return code;
  }
  return typeof name === 'string' && name ? name : 'Error';
}
