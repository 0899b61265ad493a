import {
  ProjectQuota,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

/** The text of each known quota resource. */
const labels = {
  workspaces: 'workspaces',
  gpus: 'gpus',
  cpu: 'cpu',
  memory: 'memory',
  pods: 'pods',
  'count/pods': 'pods',
  'requests.cpu': 'requestsCpu',
  'limits.cpu': 'limitsCpu',
  'requests.memory': 'requestsMemory',
  'limits.memory': 'limitsMemory',
} as const;

function labelOf(resource: string, t: WorkspacesT): string {
  const known = labels[resource as keyof typeof labels];
  if (known) return t(`createWorkspace.quota.labels.${known}`);
  return resource.startsWith('requests.')
    ? t('createWorkspace.quota.gpuResource', { resource: resource.slice(9) })
    : resource;
}

/** Whether a quota item limits GPUs. */
export function isGpu(resource: string): boolean {
  return resource === 'gpus' || /^requests\..*gpu/.test(resource);
}

/**
 * What the project may still start, from the namespace's ResourceQuotas and
 * the configured limits; a warning when the chosen preset's GPUs don't fit.
 */
export function RemainingQuota(props: {
  quota?: ProjectQuota;
  preset?: WorkspaceComputePreset;
  gpus?: number;
}) {
  const { quota, preset } = props;
  const { t } = useWorkspacesTranslation();
  if (!quota || quota.items.length === 0) return null;
  const gpus = props.gpus ?? preset?.gpu?.count ?? 0;
  const short = quota.items.find(
    item => isGpu(item.resource) && gpus > Number(item.remaining),
  );
  return (
    <Box mt={3} aria-label={t('createWorkspace.quota.region')} role="region">
      <Typography variant="subtitle1">
        {t('createWorkspace.quota.title')}
      </Typography>
      {quota.items.map(item => (
        <Typography
          key={`${item.name}/${item.resource}`}
          variant="body2"
          color={item.remaining === '0' ? 'error' : 'textSecondary'}
        >
          {t('createWorkspace.quota.item', {
            label: labelOf(item.resource, t),
            remaining: item.remaining,
            hard: item.hard,
            name: item.name,
          })}
        </Typography>
      ))}
      {short && (
        <Alert severity="warning">
          {t('createWorkspace.quota.shortGpus', {
            preset: preset?.title ?? t('createWorkspace.quota.thisPreset'),
            count: gpus,
            remaining: short.remaining,
            quota: short.name,
          })}
        </Alert>
      )}
    </Box>
  );
}
