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
const v8 = require('v8');

// the working directory, unless the bench names another
const dir = process.env.EVENT_LOOP_PROBE_DIR || process.cwd();
const request = join(dir, 'event-loop.request');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = ns => ns / 1e6;

const mbOf = bytes => bytes / 2 ** 20;
function memoryNow() {
  const usage = process.memoryUsage();
  const young = v8
    .getHeapSpaceStatistics()
    .filter(space => space.space_name === 'new_space')
    .reduce((sum, space) => sum + space.space_size, 0);
  return {
    heapUsed: mbOf(usage.heapUsed),
    heapTotal: mbOf(usage.heapTotal),
    youngSpace: mbOf(young),
    external: mbOf(usage.external),
    arrayBuffers: mbOf(usage.arrayBuffers),
  };
}

// `<token> profile` starts a CPU profile (the inspector's sampling
// profiler); the next request stops it and writes cpu.<token>.cpuprofile
let profiler;
function stopProfile(token) {
  const session = profiler;
  profiler = undefined;
  session.post('Profiler.stop', (error, result) => {
    if (!error) {
      writeFileSync(
        join(dir, `cpu.${token}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    }
    session.disconnect();
  });
}
function startProfile() {
  const session = new (require('inspector').Session)();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  profiler = session;
}

setInterval(() => {
  if (!existsSync(request)) return;
  const [token, gc] = readFileSync(request, 'utf8').trim().split(' ');
  rmSync(request, { force: true });
  if (profiler) stopProfile(token);
  if (gc === 'profile') startProfile();
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
      // where the memory is (MB): the heap's live objects, the young
      // generation's reserved space, and what is outside the heap
      memory: memoryNow(),
    }),
  );
  renameSync(`${answer}.tmp`, answer);
  histogram.reset();
}, 100).unref();
