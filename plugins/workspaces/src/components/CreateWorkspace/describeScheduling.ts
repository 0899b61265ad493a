import { WorkspaceComputePreset } from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../../translation';

/**
 * What a compute preset gives beyond its sizes, one line each, for the
 * create stepper: its GPU as the admin describes it (e.g. "GPU: 0.5 of an
 * A100 via hami-scheduler"), the scheduler, the node labels it needs and its
 * priority class.
 */
export function describeScheduling(
  preset: WorkspaceComputePreset,
  t: WorkspacesT,
): string[] {
  const scheduling = preset.scheduling;
  const via = scheduling?.schedulerName
    ? t('createWorkspace.computeStep.via', {
        scheduler: scheduling.schedulerName,
      })
    : '';
  const lines: string[] = [];
  if (preset.gpuDescription) {
    lines.push(
      t('createWorkspace.computeStep.gpuDescription', {
        description: preset.gpuDescription,
        via,
      }),
    );
  } else if (via) {
    lines.push(t('createWorkspace.computeStep.scheduled', { via }));
  }
  const nodes = Object.entries({
    ...scheduling?.nodeSelector,
    ...preset.gpu?.nodeSelector,
  }).map(([label, value]) => `${label}=${value}`);
  if (nodes.length > 0) {
    lines.push(
      t('createWorkspace.computeStep.nodes', { labels: nodes.join(', ') }),
    );
  }
  if (scheduling?.priorityClassName) {
    lines.push(
      t('createWorkspace.computeStep.priority', {
        priorityClass: scheduling.priorityClassName,
      }),
    );
  }
  return lines;
}
