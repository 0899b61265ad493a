import { WorkspaceResources } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../translation';

/** "4 CPU · 16Gi · 1 GPU" */
export function describeResources(
  resources: WorkspaceResources,
  t: WorkspacesT,
): string {
  const { cpu, memory, gpu } = resources;
  return [
    t('format.cpu', { cpu }),
    memory,
    ...(gpu > 0 ? [t('format.gpus', { count: gpu })] : []),
  ].join(' · ');
}

const units: Array<[number, 'd' | 'h' | 'min']> = [
  [24 * 60 * 60 * 1000, 'd'],
  [60 * 60 * 1000, 'h'],
  [60 * 1000, 'min'],
];

/** How long ago, briefly: "3 d ago", "5 h ago", "12 min ago", "just now". */
export function formatAge(
  time: string | undefined,
  now: Date,
  t: WorkspacesT,
): string {
  if (!time) {
    return t('common.dash');
  }
  const elapsed = now.getTime() - new Date(time).getTime();
  for (const [size, unit] of units) {
    if (elapsed >= size) {
      return t('format.ago', {
        amount: String(Math.floor(elapsed / size)),
        unit: t(`format.units.${unit}`),
      });
    }
  }
  return t('format.justNow');
}
