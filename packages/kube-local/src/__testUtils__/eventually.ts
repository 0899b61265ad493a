/**
 * Retries an action until it succeeds, for conditions no watch can report
 * (e.g. the API server answering again after an outage). Fails after the
 * timeout with the last error.
 */
export async function eventually<T>(
  action: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
