import {
  Content,
  Header,
  HeaderTabs,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { workspaceRouteRef } from '../../routes';
import { useWorkspacesTranslation } from '../../translation';
import { AutoStopBanner } from '../AutoStopBanner';
import { DormancyBanner } from '../DormancyBanner';
import { EnvironmentLifecycleBanner } from '../EnvironmentLifecycle';
import { WorkspaceDialog } from '../CreateWorkspace';
import { ToolLinks, WorkspaceActions } from '../WorkspaceActions';
import { WorkspaceKubernetesEvents } from '../WorkspaceKubernetesEvents';
import { WorkspaceLogs } from '../WorkspaceLogs';
import { WorkspaceObjects } from '../WorkspaceObjects';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { useWorkspaceDetails } from './useWorkspaceDetails';
import { WorkspaceOverview } from './WorkspaceOverview';

/** The tabs of the details page, by their `?tab=` value. */
const tabIds = ['overview', 'logs', 'events', 'objects'] as const;

/**
 * One workspace: status, actions and tools, then the tabs Overview, Logs,
 * Events and Objects; `?tab=logs` (etc.) opens a tab.
 */
export function WorkspaceDetailsPage() {
  const { workspaceId = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const { value, loading, error, retry } = useWorkspaceDetails(workspaceId);
  const navigate = useNavigate();
  const workspaceRoute = useRouteRef(workspaceRouteRef);
  const [dialog, setDialog] = useState<'edit' | 'duplicate'>();
  const { t } = useWorkspacesTranslation();
  const tabs = tabIds.map(id => ({ id, label: t(`details.tabs.${id}`) }));
  const selectedIndex = Math.max(
    0,
    tabs.findIndex(tab => tab.id === searchParams.get('tab')),
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error && !value) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const { workspace, runs, events, blocks } = value;
  const tab = tabs[selectedIndex].id;
  return (
    <Page themeId="tool">
      <Header
        title={workspace.name}
        subtitle={t('details.subtitle', {
          project: workspace.project,
          namespace: workspace.namespace,
        })}
        type={t('details.type')}
      >
        <WorkspaceStatusBadge workspace={workspace} />
      </Header>
      <HeaderTabs
        tabs={tabs}
        selectedIndex={selectedIndex}
        onChange={index => {
          const next = new URLSearchParams(searchParams);
          next.set('tab', tabs[index].id);
          setSearchParams(next);
        }}
      />
      <Content>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
          <WorkspaceStatusBadge workspace={workspace} />
          <Typography>{workspace.statusMessage}</Typography>
          <Box flexGrow={1} />
          <WorkspaceActions
            workspace={workspace}
            blocks={blocks}
            onChanged={retry}
            onEdit={() => setDialog('edit')}
            onDuplicate={() => setDialog('duplicate')}
            hideTools
          />
        </Box>
        <Box mb={2}>
          <ToolLinks
            workspace={workspace}
            tools={
              blocks.environments.find(e => e.id === workspace.environment)
                ?.tools ?? []
            }
          />
        </Box>
        {workspace.autoStop && (
          <Box mb={2}>
            <AutoStopBanner workspace={workspace} onChanged={retry} />
          </Box>
        )}
        {workspace.dormancy?.deleteAt && (
          <Box mb={2}>
            <DormancyBanner workspace={workspace} onChanged={retry} />
          </Box>
        )}
        <EnvironmentLifecycleBanner workspace={workspace} blocks={blocks} />
        {workspace.pendingRestart && (
          <Box mb={2}>
            <Alert severity="info">{t('details.pendingRestart')}</Alert>
          </Box>
        )}
        {tab === 'overview' && (
          <WorkspaceOverview
            workspace={workspace}
            blocks={blocks}
            runs={runs}
            events={events}
          />
        )}
        {tab === 'logs' && <WorkspaceLogs workspace={workspace} />}
        {tab === 'events' && (
          <WorkspaceKubernetesEvents workspace={workspace} />
        )}
        {tab === 'objects' && <WorkspaceObjects workspace={workspace} />}
      </Content>
      {dialog && (
        <WorkspaceDialog
          projects={[{ ref: workspace.project, title: workspace.project }]}
          workspace={dialog === 'edit' ? workspace : undefined}
          duplicateOf={dialog === 'duplicate' ? workspace : undefined}
          onClose={() => setDialog(undefined)}
          onSaved={saved => {
            setDialog(undefined);
            if (dialog === 'duplicate') {
              navigate(workspaceRoute({ workspaceId: saved.id }));
            } else {
              retry();
            }
          }}
        />
      )}
    </Page>
  );
}
