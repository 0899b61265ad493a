/*
 * Preloaded (`node --require`) into a process the bench measures, the
 * backend and the floors alike, so that their event-loop delay is measured
 * the same way: Node's monitorEventLoopDelay (10 ms resolution). The bench
 * asks through files in the process's working directory (or
 * EVENT_LOOP_PROBE_DIR), since the backend has no channel of its own to ask
 * through: it writes `event-loop.request` with a token (and ` gc` to have a
 * full garbage collection first, in a process started with --expose-gc, so
 * that memory is measured from the same collected start); the probe answers
 * with `event-loop.<token>.json` (the percentiles since the previous request,
 * in ms) and starts a new window. See eventLoopDelay.ts.
 */
'use strict';
const {
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} = require('fs');
const { join } = require('path');
const { monitorEventLoopDelay } = require('perf_hooks');

// the working directory, unless the bench names another
const dir = process.env.EVENT_LOOP_PROBE_DIR || process.cwd();
const request = join(dir, 'event-loop.request');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = ns => ns / 1e6;

setInterval(() => {
  if (!existsSync(request)) return;
  const [token, gc] = readFileSync(request, 'utf8').trim().split(' ');
  rmSync(request, { force: true });
  const collected = gc === 'gc' && typeof global.gc === 'function';
  if (collected) global.gc();
  const answer = join(dir, `event-loop.${token}.json`);
  writeFileSync(
    `${answer}.tmp`,
    JSON.stringify({
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      collected,
    }),
  );
  renameSync(`${answer}.tmp`, answer);
  histogram.reset();
}, 100).unref();
