import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { workspacesApiRef } from '../../api';
import { useWorkspaceChanges } from '../../hooks/useWorkspaceChanges';
import { useWorkspacesTranslation } from '../../translation';

/** A figure with its label under it, as in the project's summary. */
export function Figure(props: { label: string; value: string | number }) {
  return (
    <Box minWidth={120}>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
    </Box>
  );
}

/**
 * What a project's running workspaces hold: how many run, and the GPUs, CPU
 * and memory they request. Kept live like the grid.
 */
export function ProjectSummaryStrip(props: { project: string }) {
  const { project } = props;
  const workspacesApi = useApi(workspacesApiRef);
  const { t } = useWorkspacesTranslation();
  const { value: summary, retry } = useAsyncRetry(
    () => workspacesApi.getProjectSummary(project),
    [workspacesApi, project],
  );
  useWorkspaceChanges(retry, signal => signal.project === project);
  if (!summary) {
    return null;
  }
  const { running, countsByStatus } = summary;
  const total = Object.values(countsByStatus).reduce((a, b) => a + b, 0);
  return (
    <Box mb={2}>
      <InfoCard noPadding>
        <Box
          display="flex"
          p={2}
          style={{ gap: 32 }}
          role="group"
          aria-label={t('summary.label')}
        >
          <Figure
            label={t('summary.running')}
            value={t('summary.ofTotal', {
              value: String(running.workspaces),
              total: String(total),
            })}
          />
          <Figure label={t('summary.gpus')} value={running.gpu} />
          <Figure label={t('summary.cpu')} value={running.cpu} />
          <Figure label={t('summary.memory')} value={running.memory} />
        </Box>
      </InfoCard>
    </Box>
  );
}
