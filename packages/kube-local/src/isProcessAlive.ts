import { readFileSync } from 'node:fs';

/**
 * Whether a process exists and has not exited. A zombie (exited, not yet
 * reaped by its parent) counts as gone: kill(pid, 0) alone would still
 * succeed for it.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may contain spaces.
    const state = stat.slice(
      stat.lastIndexOf(')') + 2,
      stat.lastIndexOf(')') + 3,
    );
    return state !== 'Z' && state !== 'X';
  } catch {
    // No /proc (not Linux) or it just went away: trust kill(pid, 0).
    return true;
  }
}
