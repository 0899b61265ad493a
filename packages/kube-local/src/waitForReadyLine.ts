import { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const readyLine = /^kube-local ready (https:\/\/\S+)$/m;

/**
 * Waits until kube-local has printed `kube-local ready https://...` to its
 * output file and returns the URL. Fails early if the process exits, and on
 * timeout; both errors carry the tail of the output, which holds
 * kube-local's progress lines and the reason it gave up.
 *
 * The output goes to a file rather than a pipe so that a detached process
 * never writes to a closed pipe (SIGPIPE) once the starter has exited.
 */
export async function waitForReadyLine(options: {
  child: ChildProcess;
  outputPath: string;
  logDir: string;
  timeoutMs: number;
}): Promise<string> {
  const { child, outputPath, logDir, timeoutMs } = options;
  let exit: string | undefined;
  const onExit = (code: number | null, signal: string | null) => {
    exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
  };
  child.once('exit', onExit);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const output = await readFile(outputPath, 'utf8').catch(() => '');
      const match = output.match(readyLine);
      if (match) {
        return match[1];
      }
      if (exit || Date.now() > deadline) {
        const what = exit ?? `not ready after ${timeoutMs / 1000}s`;
        const tail = output.trimEnd().split('\n').slice(-30).join('\n');
        throw new Error(
          `kube-local ${what}. Last output (${outputPath}):\n${tail}\n` +
            `Component logs: ${logDir}`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  } finally {
    child.off('exit', onExit);
  }
}
