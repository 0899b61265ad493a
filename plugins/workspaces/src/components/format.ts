import { WorkspaceResources } from '@backstage-workspaces/plugin-workspaces-common';

/** "4 CPU · 16Gi · 1 GPU" */
export function describeResources(resources: WorkspaceResources): string {
  const { cpu, memory, gpu } = resources;
  return [
    `${cpu} CPU`,
    memory,
    ...(gpu > 0 ? [`${gpu} GPU${gpu > 1 ? 's' : ''}`] : []),
  ].join(' · ');
}

const units: Array<[number, string]> = [
  [24 * 60 * 60 * 1000, 'd'],
  [60 * 60 * 1000, 'h'],
  [60 * 1000, 'min'],
];

/** How long ago, briefly: "3 d", "5 h", "12 min", "just now". */
export function formatAge(time: string | undefined, now: Date): string {
  if (!time) {
    return '—';
  }
  const elapsed = now.getTime() - new Date(time).getTime();
  for (const [size, unit] of units) {
    if (elapsed >= size) {
      return `${Math.floor(elapsed / size)} ${unit} ago`;
    }
  }
  return 'just now';
}
