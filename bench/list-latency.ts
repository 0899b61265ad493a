/*
 * List latency: a page of 50 workspaces for one member, over HTTP (token,
 * permission decision, SQL, JSON), next to the floor: the same SQL statement
 * run directly through knex on the same database. Also checks that a page
 * costs one SQL statement (two with the total count).
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  decideWorkspacePermission,
  WorkspaceQueryFilter,
  workspacePermissionRules,
} from '@backstage-workspaces/plugin-workspaces-node';
import { workspaceReadPermission } from '@backstage-workspaces/plugin-workspaces-common';
import { Knex } from 'knex';
import { WorkspaceStore } from '../plugins/workspaces-backend/src/database/WorkspaceStore';
import { monitorEventLoopDelay } from 'perf_hooks';
import { BenchApi } from './lib/benchApi';
import { readEventLoopDelay } from './lib/eventLoopDelay';
import { elapsedMs, summarize } from './lib/stats';

/** The statement the store sends for the member's first page, and how many per page. */
async function captureListSql(knex: Knex, ownershipEntityRefs: string[]) {
  const decision = decideWorkspacePermission(
    workspaceReadPermission,
    { ownershipEntityRefs },
    { adminRefs: [] },
  );
  if (decision?.result !== AuthorizeResult.CONDITIONAL) {
    throw new Error('expected a conditional decision for a member');
  }
  const transform = createConditionTransformer<WorkspaceQueryFilter, any>(
    Object.values(workspacePermissionRules),
  );
  const store = new WorkspaceStore(knex);
  const queries: Array<{ sql: string; bindings: unknown[] }> = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) =>
    queries.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] });
  knex.on('query', listener);
  const list = (withTotal: boolean) =>
    store.listWorkspaces({
      visibility: {
        kind: 'filtered',
        criteria: transform(decision.conditions),
      },
      sort: 'createdAt',
      order: 'desc',
      limit: 50,
      withTotal,
    });
  try {
    const page = await list(false);
    const statementsPerPage = queries.length;
    const rowsSql = queries[queries.length - 1];
    queries.length = 0;
    await list(true);
    return {
      rowsSql,
      rows: page.items.length,
      statementsPerPage,
      statementsWithTotal: queries.length,
    };
  } finally {
    knex.removeListener('query', listener);
  }
}

export async function measureListLatency(
  api: BenchApi,
  knex: Knex,
  ownershipEntityRefs: string[],
  requests: number,
  backendDir: string,
) {
  const sql = await captureListSql(knex, ownershipEntityRefs);
  const path = '/workspaces?limit=50&sort=createdAt&order=desc';
  const first = await api.request('GET', path);
  if (first.items.length !== sql.rows) {
    throw new Error(
      `HTTP gave ${first.items.length} workspaces, the SQL ${sql.rows}`,
    );
  }
  // where a slow request comes from: the backend's event loop and the
  // bench's own, over the same window, and when the slowest ones came
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  // the window begins (BENCH_LIST_PROFILE=1: CPU-profiled, the profile
  // written in the backend's directory)
  await readEventLoopDelay(backendDir, {
    profile: process.env.BENCH_LIST_PROFILE === '1',
  });
  benchLoop.enable();
  const windowStart = process.hrtime.bigint();
  const windowStartedAt = new Date().toISOString();
  const http: number[] = [];
  const slowest: Array<{ atMs: number; ms: number }> = [];
  for (let i = 0; i < requests; i++) {
    const start = process.hrtime.bigint();
    await api.request('GET', path);
    http.push(elapsedMs(start));
    slowest.push({
      atMs: Math.round(Number(start - windowStart) / 1e6),
      ms: http[i],
    });
  }
  benchLoop.disable();
  const backendLoop = await readEventLoopDelay(backendDir);
  slowest.sort((a, b) => b.ms - a.ms).splice(5);
  const floor: number[] = [];
  // as knex sends it (PostgreSQL's $n placeholders back to ?)
  const raw = sql.rowsSql.sql.replace(/\$\d+/g, '?');
  for (let i = 0; i < requests; i++) {
    const start = process.hrtime.bigint();
    await knex.raw(raw, sql.rowsSql.bindings as any);
    floor.push(elapsedMs(start));
  }
  // the HTTP stack alone: an endpoint without token, permission or SQL
  const health: number[] = [];
  for (let i = 0; i < Math.min(requests, 100); i++) {
    const start = process.hrtime.bigint();
    await api.request('GET', '/health');
    health.push(elapsedMs(start));
  }
  return {
    pageSize: sql.rows,
    health: summarize(health),
    statementsPerPage: sql.statementsPerPage,
    statementsWithTotal: sql.statementsWithTotal,
    http: summarize(http),
    floor: summarize(floor),
    /** The five slowest requests: ms after the first, and how long. */
    slowest,
    windowStartedAt,
    /** Event-loop delay over the HTTP window (ms), the backend's and the bench's. */
    loopDelay: {
      backend: { p99: backendLoop.p99, max: backendLoop.max },
      bench: {
        p99: benchLoop.percentile(99) / 1e6,
        max: benchLoop.max / 1e6,
      },
    },
  };
}

/** Where the list's tail came from: its slowest requests, and both event loops. */
export function describeListTail(
  list: Awaited<ReturnType<typeof measureListLatency>>,
): string {
  const { backend, bench } = list.loopDelay;
  const slowest = list.slowest
    .map(r => `${r.atMs}: ${r.ms.toFixed(1)}`)
    .join(', ');
  return (
    `slowest requests (ms after the first, at ${list.windowStartedAt}: ms) ` +
    `${slowest}; event-loop delay over them p99/max: backend ` +
    `${backend.p99.toFixed(1)}/${backend.max.toFixed(1)} ms, bench ` +
    `${bench.p99.toFixed(1)}/${bench.max.toFixed(1)} ms`
  );
}
