import { Knex } from 'knex';
import { randomUUID } from 'crypto';
import { workspaceToRow } from '../../plugins/workspaces-backend/src/database/rows';
import { benchRecord } from './benchManifests';
import { BenchProject, projectRef } from './benchProjects';

/**
 * Inserts stopped workspaces straight into the plugin's table (a few seconds
 * for 10,000, where the API would take minutes); the backend's sweep then
 * gives each the objects a stopped workspace has.
 */
export async function seedWorkspaces(
  knex: Knex,
  projects: BenchProject[],
  count: number,
  prefix: string,
): Promise<void> {
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const p = projects[i % projects.length];
    return workspaceToRow(
      benchRecord(
        {
          id: randomUUID(),
          name: `${prefix}-${i}`,
          projectRef: projectRef(p),
          namespace: p.namespace,
          desiredState: 'Stopped',
          status: 'Stopped',
        },
        new Date(now - i * 1000),
      ),
    );
  });
  for (let i = 0; i < rows.length; i += 500) {
    await knex('workspaces').insert(rows.slice(i, i + 500));
  }
}
