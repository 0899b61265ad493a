import {
  ProjectQuota,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';

const labels: Record<string, string> = {
  workspaces: 'Running workspaces',
  gpus: 'GPUs',
  cpu: 'CPU',
  memory: 'Memory',
  pods: 'Pods',
  'count/pods': 'Pods',
  'requests.cpu': 'CPU requests',
  'limits.cpu': 'CPU limits',
  'requests.memory': 'Memory requests',
  'limits.memory': 'Memory limits',
};

function labelOf(resource: string): string {
  return (
    labels[resource] ??
    (resource.startsWith('requests.')
      ? `${resource.slice(9)} (GPUs)`
      : resource)
  );
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
  if (!quota || quota.items.length === 0) return null;
  const gpus = props.gpus ?? preset?.gpu?.count ?? 0;
  const short = quota.items.find(
    item => isGpu(item.resource) && gpus > Number(item.remaining),
  );
  return (
    <Box mt={3} aria-label="Remaining quota" role="region">
      <Typography variant="subtitle1">Remaining in this project</Typography>
      {quota.items.map(item => (
        <Typography
          key={`${item.name}/${item.resource}`}
          variant="body2"
          color={item.remaining === '0' ? 'error' : 'textSecondary'}
        >
          {labelOf(item.resource)}: {item.remaining} of {item.hard} left (
          {item.name})
        </Typography>
      ))}
      {short && (
        <Alert severity="warning">
          {preset?.title ?? 'This preset'} asks for {gpus} GPU
          {gpus === 1 ? '' : 's'}, but only {short.remaining} remain under{' '}
          {short.name}: starting it would be refused.
        </Alert>
      )}
    </Box>
  );
}
