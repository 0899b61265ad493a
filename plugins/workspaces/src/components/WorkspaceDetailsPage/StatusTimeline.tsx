import { InfoCard } from '@backstage/core-components';
import {
  KubernetesEvent,
  WorkspaceStatusEvent,
} from '@backstage-workspaces/plugin-workspaces-common';
import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import EventNoteIcon from '@material-ui/icons/EventNote';
import WarningIcon from '@material-ui/icons/Warning';
import { useWorkspacesTranslation } from '../../translation';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';
import { mergeTimeline } from './mergeTimeline';

function KubernetesEventItem(props: {
  event: KubernetesEvent;
  divider: boolean;
}) {
  const { event, divider } = props;
  const { t } = useWorkspacesTranslation();
  const warning = event.type === 'Warning';
  return (
    <ListItem
      dense
      divider={divider}
      style={{ paddingLeft: 32 }}
      aria-label={t('details.timeline.eventLabel', { reason: event.reason })}
      data-kind="kubernetes-event"
    >
      <ListItemIcon style={{ minWidth: 32 }}>
        {warning ? (
          <WarningIcon
            fontSize="small"
            color="error"
            titleAccess={t('details.timeline.warning')}
          />
        ) : (
          <EventNoteIcon fontSize="small" titleAccess={event.type} />
        )}
      </ListItemIcon>
      <ListItemText
        primary={
          event.count > 1
            ? t('details.timeline.eventRepeated', {
                reason: event.reason,
                count: event.count,
              })
            : t('details.timeline.event', { reason: event.reason })
        }
        secondary={`${new Date(event.time).toLocaleString()} · ${
          event.involvedObject.kind
        }/${event.involvedObject.name} · ${event.message}`}
      />
    </ListItem>
  );
}

/**
 * The status changes of a workspace, newest first, each with its reason and
 * the Kubernetes events that explain it (indented, marked as events).
 */
export function StatusTimeline(props: {
  events: WorkspaceStatusEvent[];
  kubernetesEvents?: KubernetesEvent[];
}) {
  const entries = mergeTimeline(props.events, props.kubernetesEvents ?? []);
  const { t } = useWorkspacesTranslation();
  return (
    <InfoCard title={t('details.timeline.title')}>
      {entries.length === 0 ? (
        <Typography>{t('details.timeline.empty')}</Typography>
      ) : (
        <List dense aria-label={t('details.timeline.title')}>
          {entries.flatMap(({ change, explainedBy }) => [
            <ListItem key={change.id} divider={explainedBy.length === 0}>
              <ListItemText
                primary={
                  <WorkspaceStatusBadge
                    workspace={{
                      status: change.to,
                      statusReason: change.reason,
                      statusMessage: change.message,
                    }}
                  />
                }
                secondary={`${new Date(change.time).toLocaleString()}${
                  change.reason ? ` · ${change.reason}` : ''
                } · ${change.message}`}
              />
            </ListItem>,
            ...explainedBy.map((event, index) => (
              <KubernetesEventItem
                key={`${change.id}-${event.reason}-${event.time}-${index}`}
                event={event}
                divider={index === explainedBy.length - 1}
              />
            )),
          ])}
        </List>
      )}
    </InfoCard>
  );
}
