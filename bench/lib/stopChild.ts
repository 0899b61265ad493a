import { ChildProcess } from 'child_process';

/** SIGTERM to a child the bench started, SIGKILL after `timeoutMs`; resolves once it exited. */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  timeoutMs = 15_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
