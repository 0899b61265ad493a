/*
 * The per-workspace cost model (issue 22, item 4): what one stopped and one
 * running workspace cost the cluster (objects and their bytes), the API
 * server (the sweep's requests), the backend (memory) and the database
 * (rows), measured in the run, and what that makes at 10,000, 50,000 and
 * 100,000 workspaces with a fifth of them running. A model, not a
 * measurement: it assumes each cost grows linearly with the workspaces.
 */
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { Knex } from 'knex';
import { workspaceKinds } from '../plugins/workspaces-backend/src/kubernetes/WorkspaceObjects';

/** Every object the cluster keeps for running workspaces: ours, and the controllers' revisions. */
const RUNNING_KINDS = [
  ...workspaceKinds,
  { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
];

/** Objects of a namespace per workspace (all running, or all stopped), and their bytes as served. */
export async function objectsPerWorkspace(
  admin: KubeConfig,
  namespace: string,
  workspaces: number,
): Promise<{ objects: number; bytes: number; kinds: Record<string, number> }> {
  const api = KubernetesObjectApi.makeApiClient(admin);
  const kinds: Record<string, number> = {};
  let objects = 0;
  let bytes = 0;
  for (const { apiVersion, kind } of RUNNING_KINDS) {
    const { items } = await api.list(apiVersion, kind, namespace);
    if (items.length === 0) continue;
    kinds[kind] = items.length / workspaces;
    objects += items.length;
    bytes += items.reduce((sum, item) => sum + JSON.stringify(item).length, 0);
  }
  return { objects: objects / workspaces, bytes: bytes / workspaces, kinds };
}

/** Rows of each table of the plugin's database (its own tables, not Backstage's). */
export async function databaseRows(db: Knex): Promise<Record<string, number>> {
  const { rows } = await db.raw(
    "select tablename from pg_tables where schemaname = 'public' and tablename like 'workspace%' order by tablename",
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of rows) {
    const [{ count }] = await db(tablename).count({ count: '*' });
    counts[tablename] = Number(count);
  }
  return counts;
}

/** Rows of all the plugin's tables (databaseRows) per workspace. */
export const rowsPerWorkspace = (
  rows: Record<string, number>,
  workspaces: number,
) => Object.values(rows).reduce((sum, n) => sum + n, 0) / workspaces;

export interface CostInputs {
  /** Workspaces in the run, and how many ran. */
  workspaces: number;
  running: number;
  stopped: { objects: number; bytes: number };
  runningCost: { objects: number; bytes: number };
  /** Requests of the periodic sweep per workspace per hour (settled workspaces). */
  sweepRequestsPerWorkspaceHour: number;
  /**
   * Backend RSS with no workspace (MB), and the growth per workspace of its
   * heap after a full collection (MB; RSS itself moves by more than a
   * thousand workspaces cost).
   */
  rssBaseMb: number;
  heapPerWorkspaceMb: number;
  /** Database rows per workspace (all of the plugin's tables). */
  rowsPerWorkspace: number;
}

const MEMORY_ROW =
  'backend RSS (MB): the base, and the live heap per workspace';

/** The model's rows: each cost at 10k, 50k and 100k workspaces, a fifth running. */
export function costModelRows(inputs: CostInputs): string[][] {
  const sizes = [10_000, 50_000, 100_000];
  const at = (n: number) => ({ running: n / 5, stopped: n - n / 5 });
  const int = (value: number) => Math.round(value).toLocaleString('en-US');
  const measured = `measured at ${int(inputs.workspaces)} (${int(
    inputs.running,
  )} running)`;
  const row = (
    what: string,
    per: string,
    total: (n: number) => string,
  ): string[] => [what, per, ...sizes.map(n => total(n))];
  return [
    [
      'cost (a model)',
      `per workspace, ${measured}`,
      ...sizes.map(n => `${int(n)} (${int(at(n).running)} running)`),
    ],
    row(
      'Kubernetes objects',
      `stopped ${inputs.stopped.objects.toFixed(
        1,
      )}, running ${inputs.runningCost.objects.toFixed(1)}`,
      n =>
        int(
          at(n).stopped * inputs.stopped.objects +
            at(n).running * inputs.runningCost.objects,
        ),
    ),
    row(
      'their size as served (MB)',
      `stopped ${(inputs.stopped.bytes / 1000).toFixed(1)} KB, running ${(
        inputs.runningCost.bytes / 1000
      ).toFixed(1)} KB`,
      n =>
        (
          (at(n).stopped * inputs.stopped.bytes +
            at(n).running * inputs.runningCost.bytes) /
          1e6
        ).toFixed(0),
    ),
    row(
      'sweep requests to the API server (per second)',
      `${inputs.sweepRequestsPerWorkspaceHour.toFixed(2)} per hour`,
      n => ((n * inputs.sweepRequestsPerWorkspaceHour) / 3600).toFixed(1),
    ),
    inputs.heapPerWorkspaceMb > 0
      ? row(
          MEMORY_ROW,
          `${(inputs.heapPerWorkspaceMb * 1000).toFixed(
            1,
          )} KB over ${Math.round(inputs.rssBaseMb)} MB`,
          n => int(inputs.rssBaseMb + n * inputs.heapPerWorkspaceMb),
        )
      : row(
          MEMORY_ROW,
          `not measurable here (the live heap fell by ${(
            -inputs.heapPerWorkspaceMb * 1000
          ).toFixed(1)} KB per workspace)`,
          () => '-',
        ),
    row('database rows', inputs.rowsPerWorkspace.toFixed(1), n =>
      int(n * inputs.rowsPerWorkspace),
    ),
  ];
}
