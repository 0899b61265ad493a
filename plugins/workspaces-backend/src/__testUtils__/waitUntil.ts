/**
 * Polls `probe` until it says done; throws with the last value seen after
 * `timeoutMs`. Returns the value and how long it took.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<{ done: boolean; value: T }>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    const { done, value } = await probe();
    if (done) return { value, ms: Date.now() - started };
    last = value;
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(
      last,
    )}`,
  );
}
