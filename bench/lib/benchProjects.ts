import { writeFileSync } from 'fs';
import { stringify } from 'yaml';
import { BenchSizes } from './benchSizes';

/** Users of the bench catalog (the demo's alice and bob come from examples/org.yaml). */
export const BENCH_USER = 'bench-user';
/** A member of the list projects of one team. */
export const LIST_MEMBER = 'bench-member-0';
/** Sees the grid of the UI figure (member of ml-team). */
export const GRID_USER = 'alice';
/** Sees no workspace (vision-team owns no bench project). */
export const EMPTY_GRID_USER = 'bob';
/** The list projects are owned by this many teams, one member each. */
export const LIST_TEAMS = 10;

export interface BenchProject {
  name: string;
  namespace: string;
  owner: string;
}

export const project = (name: string, owner: string): BenchProject => ({
  name,
  namespace: name,
  owner,
});

export const burstProject = project('bench-burst', 'bench-team');
export const economyProject = project('bench-economy', 'bench-team');
export const gridProject = project('bench-grid', 'ml-team');
/** The workspaces measured side by side with the JupyterHub peer. */
export const peerProject = project('bench-peer', 'bench-team');
/** Not a catalog project: the floor applies objects here directly. */
export const FLOOR_NAMESPACE = 'bench-floor';
/** Not a catalog project: the side-by-side figures' bare pods (their floor). */
export const BARE_POD_NAMESPACE = 'bench-bare-pods';

export function listProjects(sizes: BenchSizes): BenchProject[] {
  return Array.from({ length: sizes.projects }, (_, i) =>
    project(`bench-list-${i}`, `bench-list-team-${i % LIST_TEAMS}`),
  );
}

export const projectRef = (p: BenchProject) => `system:default/${p.name}`;

/** The catalog of a run: the projects above, their teams and users. */
export function writeBenchCatalog(path: string, sizes: BenchSizes): void {
  const teams = [
    'bench-team',
    ...Array.from({ length: LIST_TEAMS }, (_, i) => `bench-list-team-${i}`),
  ];
  const entities = [
    ...teams.map(team => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [] },
    })),
    ...teams.map((team, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: i === 0 ? BENCH_USER : `bench-member-${i - 1}` },
      spec: { memberOf: [team] },
    })),
    ...[
      burstProject,
      economyProject,
      gridProject,
      peerProject,
      ...listProjects(sizes),
    ].map(p => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: p.name,
        annotations: { 'backstage.io/kubernetes-namespace': p.namespace },
      },
      spec: { owner: p.owner },
    })),
  ];
  writeFileSync(path, entities.map(e => stringify(e)).join('---\n'));
}
