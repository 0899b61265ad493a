import { Link, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ExplanationResource,
  Workspace,
  WorkspaceExplanation,
} from '@backstage-workspaces/plugin-workspaces-common';
import { Box, makeStyles, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import useAsync from 'react-use/esm/useAsync';
import { workspacesApiRef } from '../../api';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';
import type { workspacesMessages } from '../../translation/messages';

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
    maxHeight: 240,
    overflow: 'auto',
  },
}));

function severityOf(status: Workspace['status']): 'error' | 'warning' | 'info' {
  if (status === 'Failed') return 'error';
  if (['Pending', 'Degraded', 'Unknown'].includes(status)) return 'warning';
  return 'info';
}

function describeResource(short: ExplanationResource, t: WorkspacesT): string {
  const free =
    short.free !== undefined
      ? t('explanation.freeIn', {
          free: short.free,
          quota: short.quota ?? '',
        })
      : t('explanation.noQuota');
  const where =
    short.shortIn === 'quota'
      ? t('explanation.quotaShort')
      : t('explanation.clusterShort');
  return t('explanation.asked', { asked: short.asked, free, where });
}

/** The facts behind an explanation, as a table; the log lines apart. */
function detailsTable(
  details: WorkspaceExplanation['details'],
  t: WorkspacesT,
): Record<string, string | number> {
  const rows: Record<string, string | number> = {};
  const row = (
    key: keyof typeof workspacesMessages.explanation.rows,
    value: string | number,
  ) => {
    rows[t(`explanation.rows.${key}`)] = value;
  };
  for (const short of details.shortResources ?? []) {
    rows[`${short.label} (${short.resource})`] = describeResource(short, t);
  }
  if (details.image) row('image', details.image);
  if (details.registryMessage) row('registrySaid', details.registryMessage);
  if (details.container) row('container', details.container);
  if (details.exitCode !== undefined) row('exitCode', details.exitCode);
  if (details.volumeClaim) {
    row(
      'volumeClaim',
      t('explanation.claimPhase', {
        claim: details.volumeClaim,
        phase: details.volumeClaimPhase ?? t('explanation.notBound'),
      }),
    );
  }
  if (details.storageClass) row('storageClass', details.storageClass);
  if (details.quota) row('quota', details.quota);
  if (details.timeoutMinutes !== undefined) {
    row(
      'startTimeout',
      t('explanation.minutes', { count: details.timeoutMinutes }),
    );
  }
  if (details.kubernetesMessage && !details.registryMessage) {
    row('kubernetesSaid', details.kubernetesMessage);
  }
  return rows;
}

/**
 * Why a workspace that is not Running is as it is: what happened, what to
 * do, and the facts (the resource asked and free, the image, the exit code
 * and last log lines). Nothing while it runs.
 */
export function WorkspaceExplanationPanel(props: { workspace: Workspace }) {
  const { workspace } = props;
  const classes = useStyles();
  const workspacesApi = useApi(workspacesApiRef);
  const { t } = useWorkspacesTranslation();
  const { value: explanation } = useAsync(
    () => workspacesApi.getExplanation(workspace.id),
    [
      workspacesApi,
      workspace.id,
      workspace.status,
      workspace.statusReason,
      workspace.statusMessage,
    ],
  );
  // an explanation of an earlier status waits for the one of this status
  if (
    workspace.status === 'Running' ||
    !explanation ||
    explanation.status !== workspace.status
  ) {
    return null;
  }
  const { details } = explanation;
  const rows = detailsTable(details, t);
  return (
    <Box mb={3}>
      <Alert
        severity={severityOf(workspace.status)}
        aria-label={t('explanation.label')}
        data-reason={explanation.reason}
      >
        <AlertTitle>{explanation.title}</AlertTitle>
        <Typography variant="subtitle2">
          {t('explanation.whatHappened')}
        </Typography>
        <Typography variant="body2" paragraph>
          {explanation.whatHappened}
        </Typography>
        <Typography variant="subtitle2">{t('explanation.whatToDo')}</Typography>
        <Typography variant="body2" paragraph>
          {explanation.whatToDo}
        </Typography>
        {Object.keys(rows).length > 0 && (
          <Box mb={1}>
            <StructuredMetadataTable
              dense
              metadata={rows}
              options={{ titleFormat: key => key }}
            />
          </Box>
        )}
        {details.logLines && (
          <>
            <Typography variant="subtitle2">
              {details.container
                ? t('explanation.lastLogLinesOf', {
                    container: details.container,
                  })
                : t('explanation.lastLogLines')}
            </Typography>
            <pre
              className={classes.log}
              aria-label={t('explanation.lastLogLines')}
            >
              {details.logLines.length > 0
                ? details.logLines.join('\n')
                : t('explanation.nothingWritten')}
            </pre>
            <Link to="?tab=logs">{t('explanation.openLogs')}</Link>
          </>
        )}
      </Alert>
    </Box>
  );
}
