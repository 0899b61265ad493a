import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Workspace,
  WorkspaceTool,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Tooltip, Typography } from '@material-ui/core';
import { useBuildingBlocks } from '../../hooks/useBuildingBlocks';
import { workspaceRouteRef } from '../../routes';
import { useWorkspacesTranslation } from '../../translation';
import { CreateWorkspaceButton } from '../CreateWorkspace';
import { formatAge } from '../format';
import { ToolLinks } from '../WorkspaceActions';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { Figure } from '../ProjectSummaryStrip';
import { gpuQuotaOf } from './gpuQuotaOf';
import { useProjectOverview } from './useProjectOverview';

function RecentWorkspace(props: {
  workspace: Workspace;
  tools: WorkspaceTool[];
  now: Date;
}) {
  const { workspace, tools, now } = props;
  const workspaceRoute = useRouteRef(workspaceRouteRef);
  const { t } = useWorkspacesTranslation();
  return (
    <Box
      component="li"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      py={1}
      style={{ gap: 16 }}
      aria-label={workspace.name}
    >
      <Box minWidth={160}>
        <Link to={workspaceRoute({ workspaceId: workspace.id })}>
          {workspace.name}
        </Link>
        <Typography variant="body2" color="textSecondary">
          {t('card.changed', { age: formatAge(workspace.updatedAt, now, t) })}
        </Typography>
      </Box>
      <WorkspaceStatusBadge workspace={workspace} />
      <Box flexGrow={1} />
      {workspace.status === 'Running' && (
        <ToolLinks workspace={workspace} tools={tools} />
      )}
    </Box>
  );
}

/**
 * The Workspaces card of a project's Overview: how many workspaces run, the
 * GPUs they hold against the project's quota, the most recently changed
 * workspaces with their tools, and Create workspace. Kept live.
 * @public
 */
export function EntityWorkspacesCard() {
  const { entity } = useEntity();
  const project = stringifyEntityRef(entity);
  const title = entity.metadata.title ?? entity.metadata.name;
  const overview = useProjectOverview(project);
  const blocks = useBuildingBlocks([project]);
  const { t } = useWorkspacesTranslation();

  let body;
  if (overview.value) {
    const { summary, quota, recent } = overview.value;
    const total = Object.values(summary.countsByStatus).reduce(
      (a, b) => a + b,
      0,
    );
    const gpuQuota = gpuQuotaOf(quota);
    const now = new Date();
    body = (
      <>
        <Box
          display="flex"
          style={{ gap: 32 }}
          mb={2}
          role="group"
          aria-label={t('card.figures')}
        >
          <Figure
            label={t('card.running')}
            value={t('card.ofTotal', {
              value: String(summary.running.workspaces),
              total: String(total),
            })}
          />
          {gpuQuota ? (
            <Tooltip title={t('card.tightestLimit', { name: gpuQuota.name })}>
              <Box>
                <Figure
                  label={t('card.gpusOfQuota')}
                  value={t('card.ofTotal', {
                    value: String(summary.running.gpu),
                    total: String(gpuQuota.hard),
                  })}
                />
              </Box>
            </Tooltip>
          ) : (
            <Figure
              label={t('card.gpusInUse')}
              value={String(summary.running.gpu)}
            />
          )}
        </Box>
        {recent.length === 0 ? (
          <Typography color="textSecondary">{t('card.empty')}</Typography>
        ) : (
          <>
            <Typography variant="subtitle2">{t('card.recent')}</Typography>
            <Box
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label={t('card.recentList')}
            >
              {recent.map(workspace => (
                <RecentWorkspace
                  key={workspace.id}
                  workspace={workspace}
                  tools={
                    blocks.value?.environments.find(
                      e => e.id === workspace.environment,
                    )?.tools ?? []
                  }
                  now={now}
                />
              ))}
            </Box>
          </>
        )}
      </>
    );
  } else if (overview.error) {
    body = <ResponseErrorPanel error={overview.error} />;
  } else {
    body = <Progress />;
  }

  return (
    <InfoCard title={t('card.title')}>
      {body}
      <Box mt={2}>
        <CreateWorkspaceButton
          projects={[{ ref: project, title }]}
          onCreated={overview.retry}
        />
      </Box>
    </InfoCard>
  );
}
