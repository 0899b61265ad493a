import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Event-loop delay of a window, in ms (monitorEventLoopDelay's histogram). */
export interface EventLoopDelay {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** The process's memory when it answered (MB), after the collection if asked. */
  memory?: Record<string, number>;
}

/** The probe that a measured process preloads (`node --require`). */
export const EVENT_LOOP_PROBE = join(__dirname, 'eventLoopProbe.cjs');

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
let tokens = 0;

/**
 * The event-loop delay of the process whose working directory is `dir`
 * (started with {@link EVENT_LOOP_PROBE}) since the previous call, which
 * also starts the next window; with `collect`, after a full garbage
 * collection (the process needs --expose-gc); with `profile`, the window is
 * also CPU-profiled, and the next call writes `cpu.<token>.cpuprofile` in
 * `dir`.
 */
export async function readEventLoopDelay(
  dir: string,
  options: { collect?: boolean; profile?: boolean } = {},
): Promise<EventLoopDelay> {
  const token = `${process.pid}-${++tokens}`;
  const answer = join(dir, `event-loop.${token}.json`);
  const mode = (options.collect && 'gc') || (options.profile && 'profile');
  writeFileSync(
    join(dir, 'event-loop.request'),
    mode ? `${token} ${mode}` : token,
  );
  for (const deadline = Date.now() + 30_000; !existsSync(answer); ) {
    if (Date.now() > deadline) {
      throw new Error(`No event-loop answer in ${dir}: is the probe loaded?`);
    }
    await sleep(50);
  }
  const { collected, ...delay } = JSON.parse(readFileSync(answer, 'utf8'));
  rmSync(answer);
  if (options.collect && !collected) {
    throw new Error(`The process of ${dir} cannot collect: no --expose-gc`);
  }
  return delay;
}
