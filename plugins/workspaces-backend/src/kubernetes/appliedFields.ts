/**
 * The values `observed` has at the paths `desired` sets: what of an object a
 * server-side apply of `desired` is about. Fields others set (defaults,
 * status, controllers' fields) are left out, so two reads of an object
 * compare equal unless someone changed what the plugin manages. Arrays are
 * compared element by element, and by length.
 */
export function appliedFields(desired: unknown, observed: unknown): unknown {
  if (Array.isArray(desired)) {
    if (!Array.isArray(observed) || observed.length !== desired.length) {
      return { length: Array.isArray(observed) ? observed.length : undefined };
    }
    return desired.map((item, i) => appliedFields(item, observed[i]));
  }
  if (desired !== null && typeof desired === 'object') {
    const source =
      observed !== null && typeof observed === 'object'
        ? (observed as Record<string, unknown>)
        : {};
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(desired)) {
      result[key] = appliedFields(
        (desired as Record<string, unknown>)[key],
        source[key],
      );
    }
    return result;
  }
  return observed;
}
