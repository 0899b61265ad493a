/**
 * Runs at most `limit` tasks at a time; the others wait their turn, first
 * come first served. A task's failure is its caller's; it frees the turn.
 */
export function createAdmission(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async function admit<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) {
      await new Promise<void>(resolve => waiting.push(resolve));
    }
    running += 1;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
