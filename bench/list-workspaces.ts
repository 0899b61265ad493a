/*
 * Benchmark: a page of 50 workspaces for one member, with N workspaces in P
 * projects, through the plugin's own store and permission filter, on SQLite
 * and (when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set)
 * PostgreSQL. Prints latency percentiles, the number of SQL statements per
 * page, and the floor: the same SQL run directly through knex.
 *
 *   yarn bench:list [--workspaces 10000] [--projects 200] [--requests 500]
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  decideWorkspacePermission,
  WorkspaceQueryFilter,
  workspacePermissionRules,
} from '@backstage-workspaces/plugin-workspaces-node';
import { workspaceReadPermission } from '@backstage-workspaces/plugin-workspaces-common';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { migrateDatabase } from '../plugins/workspaces-backend/src/database/migrateDatabase';
import { WorkspaceStore } from '../plugins/workspaces-backend/src/database/WorkspaceStore';
import { ProjectMemberStore } from '../plugins/workspaces-backend/src/database/ProjectMemberStore';
import { workspaceToRow } from '../plugins/workspaces-backend/src/database/rows';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const workspaceCount = arg('workspaces', 10_000);
const projectCount = arg('projects', 200);
const requestCount = arg('requests', 500);
const statuses = [
  'Running',
  'Stopped',
  'Creating',
  'Failed',
  'Pending',
] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function seed(knex: Knex) {
  await migrateDatabase(knex);
  const members = new ProjectMemberStore(knex);
  await members.setAllMembers(
    new Map(
      Array.from({ length: projectCount }, (_, p) => [
        `system:default/project-${p}`,
        [`group:default/team-${p}`, `user:default/guest-${p % 7}`],
      ]),
    ),
  );
  const now = Date.now();
  const rows = Array.from({ length: workspaceCount }, (_, i) => {
    const project = i % projectCount;
    const created = new Date(now - i * 1000);
    return workspaceToRow({
      id: randomUUID(),
      name: `ws-${i}`,
      projectRef: `system:default/project-${project}`,
      namespace: `ns-${project}`,
      environmentId: 'jupyterlab',
      environmentOverrides: {},
      computePresetId: 'cpu-small',
      computeOverrides: {},
      dataSources: [{ id: 'home' }],
      envVars: [],
      resources: { cpuMillicores: 500, memoryBytes: 2 ** 31, gpus: 0 },
      desiredState: 'Running',
      status: statuses[i % statuses.length],
      statusMessage: '',
      statusSince: created,
      pendingRestart: false,
      createdBy: `user:default/member-${project}`,
      createdAt: created,
      updatedAt: created,
      revision: 1,
    });
  });
  for (let i = 0; i < rows.length; i += 200) {
    await knex('workspaces').insert(rows.slice(i, i + 200));
  }
}

async function measure(label: string, knex: Knex) {
  await seed(knex);
  const store = new WorkspaceStore(knex);
  const transform = createConditionTransformer<WorkspaceQueryFilter, any>(
    Object.values(workspacePermissionRules),
  );
  const visibilityFor = (member: number) => {
    const decision = decideWorkspacePermission(
      workspaceReadPermission,
      {
        ownershipEntityRefs: [
          `user:default/member-${member}`,
          `group:default/team-${member}`,
        ],
      },
      { adminRefs: [] },
    );
    if (decision?.result !== AuthorizeResult.CONDITIONAL)
      throw new Error('expected a conditional decision');
    return {
      kind: 'filtered' as const,
      criteria: transform(decision.conditions),
    };
  };

  let statements = 0;
  let lastSql: { sql: string; bindings: readonly unknown[] } | undefined;
  knex.on('query', (query: { sql: string; bindings: unknown[] }) => {
    statements++;
    lastSql = { sql: query.sql, bindings: [...(query.bindings ?? [])] };
  });

  const list = (member: number, withTotal: boolean) =>
    store.listWorkspaces({
      visibility: visibilityFor(member),
      sort: 'createdAt',
      order: 'desc',
      limit: 50,
      withTotal,
    });

  // warm up, and check what one page costs
  statements = 0;
  const page = await list(3, false);
  const rowStatements = statements;
  const rowSql = lastSql!;
  statements = 0;
  await list(3, true);
  const withTotalStatements = statements;
  if (
    page.items.length !== 50 ||
    page.items.some(w => w.projectRef !== 'system:default/project-3')
  ) {
    throw new Error("the page is not the member's 50 newest workspaces");
  }

  const timings: number[] = [];
  for (let i = 0; i < requestCount; i++) {
    const start = process.hrtime.bigint();
    await list(i % projectCount, false);
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const floor: number[] = [];
  for (let i = 0; i < requestCount; i++) {
    const start = process.hrtime.bigint();
    // the same statement, as knex sends it (PostgreSQL's $n placeholders back to ?)
    await knex.raw(rowSql.sql.replace(/\$\d+/g, '?'), rowSql.bindings as any);
    floor.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  return {
    database: label,
    workspaces: workspaceCount,
    projects: projectCount,
    requests: requestCount,
    statementsPerPage: rowStatements,
    statementsPerPageWithTotal: withTotalStatements,
    p50Ms: percentile(timings, 50),
    p99Ms: percentile(timings, 99),
    floorP50Ms: percentile(floor, 50),
    floorP99Ms: percentile(floor, 99),
  };
}

async function main() {
  const results = [];
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  results.push(await measure('SQLite', sqlite));
  await sqlite.destroy();

  const pgUrl =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pgUrl) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    const name = `workspaces_bench_${process.pid}`;
    await admin.raw(`create database ${name}`);
    const pg = knexFactory({ client: 'pg', connection: `${pgUrl}/${name}` });
    try {
      results.push(await measure('PostgreSQL 15', pg));
    } finally {
      await pg.destroy();
      await admin.raw(`drop database ${name}`);
      await admin.destroy();
    }
  }

  const fmt = (n: number) => n.toFixed(2).padStart(8);
  console.log(
    `\nList a page of 50 for one member: ${workspaceCount} workspaces in ${projectCount} projects, ${requestCount} requests\n`,
  );
  console.log(
    'database        SQL/page  +total   p50 ms   p99 ms  floor p50  floor p99  p99/floor',
  );
  for (const r of results) {
    console.log(
      `${r.database.padEnd(15)} ${String(r.statementsPerPage).padStart(
        8,
      )} ${String(r.statementsPerPageWithTotal).padStart(7)} ${fmt(
        r.p50Ms,
      )} ${fmt(r.p99Ms)} ${fmt(r.floorP50Ms)}   ${fmt(r.floorP99Ms)}  ${(
        r.p99Ms / r.floorP99Ms
      )
        .toFixed(2)
        .padStart(8)}`,
    );
  }
  const outDir = resolve(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    resolve(outDir, 'list-workspaces.json'),
    `${JSON.stringify(
      { date: new Date().toISOString(), node: process.version, results },
      null,
      2,
    )}\n`,
  );
  const bad = results.filter(
    r => r.statementsPerPage !== 1 || r.statementsPerPageWithTotal !== 2,
  );
  if (bad.length) {
    console.error(
      'FAIL: a page must take one SQL statement for the rows, plus one for the count',
    );
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
