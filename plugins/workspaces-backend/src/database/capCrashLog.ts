import { WorkspaceCrashLog } from '@backstage-workspaces/plugin-workspaces-common';

/** At most this many bytes of a crashed container's log lines are kept. */
export const CRASH_LOG_MAX_BYTES = 4096;

/**
 * Keeps the last lines of a crash log that fit in CRASH_LOG_MAX_BYTES (a
 * single longer line is cut at its end), so a run's row stays small.
 */
export function capCrashLog(crashLog: WorkspaceCrashLog): WorkspaceCrashLog {
  const kept: string[] = [];
  let bytes = 0;
  for (const line of [...crashLog.lines].reverse()) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > CRASH_LOG_MAX_BYTES) {
      if (kept.length === 0) {
        kept.push(
          Buffer.from(line, 'utf8')
            .subarray(-(CRASH_LOG_MAX_BYTES - 1))
            .toString('utf8'),
        );
      }
      break;
    }
    kept.unshift(line);
    bytes += size;
  }
  return { ...crashLog, lines: kept };
}
