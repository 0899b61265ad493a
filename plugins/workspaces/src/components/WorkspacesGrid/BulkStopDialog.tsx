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
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { describeError } from '../describeError';

/** What became of one workspace of a bulk stop. */
export type BulkStopOutcome =
  | { state: 'waiting' }
  | { state: 'stopped' }
  | { state: 'refused'; reason: string };

function describeOutcome(outcome: BulkStopOutcome, t: WorkspacesT): string {
  switch (outcome.state) {
    case 'waiting':
      return t('grid.bulkStop.waiting');
    case 'stopped':
      return t('grid.bulkStop.stopped');
    default:
      return t('grid.bulkStop.refused', { reason: outcome.reason });
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
  const { t } = useWorkspacesTranslation();
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

  const count = workspaces.length;
  const results = outcomes ? [...outcomes.values()] : [];
  const stopped = results.filter(o => o.state === 'stopped').length;
  const refused = results.filter(o => o.state === 'refused').length;

  return (
    <Dialog open onClose={running ? undefined : onClose} fullWidth>
      <DialogTitle>
        {outcomes
          ? t('grid.bulkStop.stopping', { count })
          : t('grid.bulkStop.confirm', { count })}
      </DialogTitle>
      <DialogContent>
        {!outcomes && <Typography>{t('grid.bulkStop.explanation')}</Typography>}
        {running && <LinearProgress />}
        {outcomes && !running && (
          <Typography>
            {t('grid.bulkStop.outcome', {
              stopped: String(stopped),
              refused: String(refused),
            })}
          </Typography>
        )}
        <List dense aria-label={t('grid.bulkStop.list')}>
          {workspaces.map(workspace => (
            <ListItem key={workspace.id}>
              <ListItemText
                primary={workspace.name}
                secondary={
                  outcomes
                    ? describeOutcome(
                        outcomes.get(workspace.id) ?? { state: 'waiting' },
                        t,
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
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button color="secondary" variant="contained" onClick={stopAll}>
              {t('grid.bulkStop.button', { count })}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
