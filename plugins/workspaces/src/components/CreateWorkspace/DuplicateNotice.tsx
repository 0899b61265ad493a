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
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import { WorkspaceForm } from './workspaceForm';

function describeSchedule(schedule: WorkspaceSchedule, t: WorkspacesT): string {
  const at = (
    what: 'stops' | 'starts',
    time?: { time: string; days?: string[] },
  ) => {
    if (!time) return [];
    const when = t(`createWorkspace.duplicate.${what}`, { time: time.time });
    return [
      time.days
        ? t('createWorkspace.duplicate.onDays', {
            what: when,
            days: time.days.join(', '),
          })
        : when,
    ];
  };
  const [first, second] = [
    ...at('stops', schedule.stop),
    ...at('starts', schedule.start),
  ];
  const times = second
    ? t('createWorkspace.duplicate.and', { first, second })
    : first ?? '';
  return schedule.timeZone
    ? t('createWorkspace.duplicate.timeZone', {
        times,
        timeZone: schedule.timeZone,
      })
    : times;
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
  const { t } = useWorkspacesTranslation();
  const missing = fit?.notices.get(step) ?? [];
  const secrets = step === 3 ? secretsToReenter(form) : [];
  const data =
    step === 2 ? describeCopiedData(form, blocks.dataSources, t) : [];
  return (
    <Box my={2} display="flex" flexDirection="column" style={{ gap: 8 }}>
      {missing.map(message => (
        <Alert severity="warning" key={message}>
          {message}
        </Alert>
      ))}
      {step === 0 && missing.length === 0 && (
        <Alert severity="info">
          {t('createWorkspace.duplicate.filledIn', { original })}
        </Alert>
      )}
      {data.length > 0 && (
        <Alert severity="info">
          <Typography variant="body2">
            {t('createWorkspace.duplicate.newVolumes', { original })}
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
          {t('createWorkspace.duplicate.secrets', {
            original,
            names: secrets.join(', '),
            count: secrets.length,
          })}
        </Alert>
      )}
      {step === 3 && form.schedule && (
        <Alert severity="info">
          {t('createWorkspace.duplicate.schedule', {
            original,
            schedule: describeSchedule(form.schedule, t),
          })}
        </Alert>
      )}
    </Box>
  );
}
