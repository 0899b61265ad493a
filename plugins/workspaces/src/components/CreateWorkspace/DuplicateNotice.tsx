import {
  WorkspaceBuildingBlocks,
  WorkspaceSchedule,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  CopyFit,
  describeCopiedData,
  secretsToReenter,
} from './duplicateWorkspace';
import { WorkspaceForm } from './workspaceForm';

function describeSchedule(schedule: WorkspaceSchedule): string {
  const at = (what: string, time?: { time: string; days?: string[] }) =>
    time
      ? [
          `${what} at ${time.time}${
            time.days ? ` on ${time.days.join(', ')}` : ''
          }`,
        ]
      : [];
  const times = [
    ...at('stops', schedule.stop),
    ...at('starts', schedule.start),
  ];
  return `${times.join(' and ')}${
    schedule.timeZone ? ` (${schedule.timeZone})` : ''
  }`;
}

/**
 * What a copy takes over from its original and what it does not, at the
 * step it concerns: choices no longer offered, the data (new volumes, never
 * the original's), the secret values to enter again and the schedule.
 */
export function DuplicateNotice(props: {
  original: string;
  step: number;
  form: WorkspaceForm;
  blocks: WorkspaceBuildingBlocks;
  fit?: CopyFit;
}) {
  const { original, step, form, blocks, fit } = props;
  const missing = fit?.notices.get(step) ?? [];
  const secrets = step === 3 ? secretsToReenter(form) : [];
  const data = step === 2 ? describeCopiedData(form, blocks.dataSources) : [];
  return (
    <Box my={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
      {missing.map(message => (
        <Alert severity="warning" key={message}>
          {message}
        </Alert>
      ))}
      {step === 0 && missing.length === 0 && (
        <Alert severity="info">
          A copy of {original}: its environment, compute, data sources,
          variables and schedule are filled in; change what you like.
        </Alert>
      )}
      {data.length > 0 && (
        <Alert severity="info">
          <Typography variant="body2">
            The copy gets new volumes of its own: nothing on {original}'s
            volumes is copied, and {original} keeps its data untouched.
          </Typography>
          {data.map(line => (
            <Typography variant="body2" key={line}>
              {line}
            </Typography>
          ))}
        </Alert>
      )}
      {secrets.length > 0 && (
        <Alert severity="warning">
          Secret values are never shown again, so they cannot be copied from{' '}
          {original}: enter {secrets.join(', ')} again, or remove{' '}
          {secrets.length > 1 ? 'them' : 'it'}.
        </Alert>
      )}
      {step === 3 && form.schedule && (
        <Alert severity="info">
          Takes over the schedule of {original}:{' '}
          {describeSchedule(form.schedule)}.
        </Alert>
      )}
    </Box>
  );
}
