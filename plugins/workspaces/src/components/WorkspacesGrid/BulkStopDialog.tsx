import { useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import { workspacesApiRef } from '../../api';
import { describeError } from '../describeError';

/** What became of one workspace of a bulk stop. */
export type BulkStopOutcome =
  | { state: 'waiting' }
  | { state: 'stopped' }
  | { state: 'refused'; reason: string };

function describeOutcome(outcome: BulkStopOutcome): string {
  switch (outcome.state) {
    case 'waiting':
      return 'Waiting…';
    case 'stopped':
      return 'Stopped';
    default:
      return `Refused: ${outcome.reason}`;
  }
}

/**
 * Stops several workspaces after a confirmation: one stop call each, one
 * after the other, so the backend authorizes and audits each on its own and
 * a refusal holds up none of the others; then says what became of each.
 */
export function BulkStopDialog(props: {
  workspaces: Workspace[];
  onClose(): void;
  /** Called once the stops are done, whatever their outcome. */
  onDone(): void;
}) {
  const { workspaces, onClose, onDone } = props;
  const workspacesApi = useApi(workspacesApiRef);
  const [outcomes, setOutcomes] = useState<Map<string, BulkStopOutcome>>();
  const [running, setRunning] = useState(false);

  const stopAll = async () => {
    setRunning(true);
    setOutcomes(
      new Map(workspaces.map(w => [w.id, { state: 'waiting' } as const])),
    );
    for (const workspace of workspaces) {
      let outcome: BulkStopOutcome;
      try {
        await workspacesApi.stopWorkspace(workspace.id);
        outcome = { state: 'stopped' };
      } catch (error) {
        outcome = { state: 'refused', reason: describeError(error) };
      }
      setOutcomes(previous => new Map(previous).set(workspace.id, outcome));
    }
    setRunning(false);
    onDone();
  };

  const count = `${workspaces.length} workspace${
    workspaces.length === 1 ? '' : 's'
  }`;
  const results = outcomes ? [...outcomes.values()] : [];
  const stopped = results.filter(o => o.state === 'stopped').length;
  const refused = results.filter(o => o.state === 'refused').length;

  return (
    <Dialog open onClose={running ? undefined : onClose} fullWidth>
      <DialogTitle>
        {outcomes ? `Stopping ${count}` : `Stop ${count}?`}
      </DialogTitle>
      <DialogContent>
        {!outcomes && (
          <Typography>
            Their tools close and their GPUs, CPU and memory are released;
            configuration and volumes are kept. Each stop is checked and
            recorded on its own: one that is refused does not hold up the
            others.
          </Typography>
        )}
        {running && <LinearProgress />}
        {outcomes && !running && (
          <Typography>
            {stopped} stopped, {refused} refused.
          </Typography>
        )}
        <List dense aria-label="Workspaces to stop">
          {workspaces.map(workspace => (
            <ListItem key={workspace.id}>
              <ListItemText
                primary={workspace.name}
                secondary={
                  outcomes
                    ? describeOutcome(
                        outcomes.get(workspace.id) ?? { state: 'waiting' },
                      )
                    : workspace.project
                }
              />
            </ListItem>
          ))}
        </List>
      </DialogContent>
      <DialogActions>
        {outcomes ? (
          <Button onClick={onClose} disabled={running}>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button color="secondary" variant="contained" onClick={stopAll}>
              Stop {count}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
