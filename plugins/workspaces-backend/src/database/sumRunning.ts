import { Knex } from 'knex';
import { RequestedResources } from '../model/records';

/** What the workspaces meant to run of a project or a user request. */
export type RunningSum = RequestedResources & { workspaces: number };

/**
 * How many workspaces meant to run (desired Running, not failed) a project
 * and a user have, and what they request; for quota checks. One statement
 * for both.
 */
export async function sumRunning(
  knex: Knex,
  of: { projectRef: string; createdBy: string },
  excludeId?: string,
): Promise<Record<'project' | 'user', RunningSum>> {
  const sums = (alias: string, column: string, value: string) =>
    [
      ['count', '1'],
      ['cpu', 'cpu_millicores'],
      ['memory', 'memory_bytes'],
      ['gpus', 'gpus'],
    ].map(([what, summed]) =>
      knex.raw(
        `${
          what === 'count' ? 'count' : 'sum'
        }(case when ?? = ? then ${summed} end) as ??`,
        [column, value, `${alias}_${what}`],
      ),
    );
  const query = knex('workspaces')
    .whereNull('deleted_at')
    .where('desired_state', 'Running')
    .whereNot('status', 'Failed')
    .where(q =>
      q.where('project_ref', of.projectRef).orWhere('created_by', of.createdBy),
    )
    .select([
      ...sums('project', 'project_ref', of.projectRef),
      ...sums('user', 'created_by', of.createdBy),
    ]);
  if (excludeId) {
    query.whereNot('id', excludeId);
  }
  const [row]: any[] = await query;
  const sum = (alias: string): RunningSum => ({
    workspaces: Number(row?.[`${alias}_count`] ?? 0),
    cpuMillicores: Number(row?.[`${alias}_cpu`] ?? 0),
    memoryBytes: Number(row?.[`${alias}_memory`] ?? 0),
    gpus: Number(row?.[`${alias}_gpus`] ?? 0),
  });
  return { project: sum('project'), user: sum('user') };
}
