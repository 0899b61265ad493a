import { InfoCard } from '@backstage/core-components';
import { WorkspaceStatusEvent } from '@backstage-workspaces/plugin-workspaces-common';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { WorkspaceStatusBadge } from '../WorkspaceStatusBadge';

/** The status changes of a workspace, newest first, each with its reason. */
export function StatusTimeline(props: { events: WorkspaceStatusEvent[] }) {
  return (
    <InfoCard title="Status timeline">
      {props.events.length === 0 ? (
        <Typography>No status changes yet.</Typography>
      ) : (
        <List dense aria-label="Status timeline">
          {props.events.map(event => (
            <ListItem key={event.id} divider>
              <ListItemText
                primary={
                  <WorkspaceStatusBadge
                    workspace={{
                      status: event.to,
                      statusReason: event.reason,
                      statusMessage: event.message,
                    }}
                  />
                }
                secondary={`${new Date(event.time).toLocaleString()}${
                  event.reason ? ` · ${event.reason}` : ''
                } · ${event.message}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
