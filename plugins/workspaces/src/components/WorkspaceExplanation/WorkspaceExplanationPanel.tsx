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

function describeResource(short: ExplanationResource): string {
  const free =
    short.free !== undefined
      ? `${short.free} free in ${short.quota}`
      : 'no quota limits it';
  const where =
    short.shortIn === 'quota'
      ? "the project's quota is short"
      : 'the cluster is short: no node has it free';
  return `asked ${short.asked}; ${free}; ${where}`;
}

/** The facts behind an explanation, as a table; the log lines apart. */
function detailsTable(
  details: WorkspaceExplanation['details'],
): Record<string, string | number> {
  const rows: Record<string, string | number> = {};
  for (const short of details.shortResources ?? []) {
    rows[`${short.label} (${short.resource})`] = describeResource(short);
  }
  if (details.image) rows.image = details.image;
  if (details.registryMessage) rows['registry said'] = details.registryMessage;
  if (details.container) rows.container = details.container;
  if (details.exitCode !== undefined) rows['exit code'] = details.exitCode;
  if (details.volumeClaim) {
    rows['volume claim'] = `${details.volumeClaim} (${
      details.volumeClaimPhase ?? 'not bound'
    })`;
  }
  if (details.storageClass) rows['storage class'] = details.storageClass;
  if (details.quota) rows.quota = details.quota;
  if (details.timeoutMinutes !== undefined) {
    rows['start timeout'] = `${details.timeoutMinutes} min`;
  }
  if (details.kubernetesMessage && !details.registryMessage) {
    rows['Kubernetes said'] = details.kubernetesMessage;
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
  const rows = detailsTable(details);
  return (
    <Box mb={3}>
      <Alert
        severity={severityOf(workspace.status)}
        aria-label="Why this status"
        data-reason={explanation.reason}
      >
        <AlertTitle>{explanation.title}</AlertTitle>
        <Typography variant="subtitle2">What happened</Typography>
        <Typography variant="body2" paragraph>
          {explanation.whatHappened}
        </Typography>
        <Typography variant="subtitle2">What to do</Typography>
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
              Last log lines
              {details.container ? ` of ${details.container}` : ''}
            </Typography>
            <pre className={classes.log} aria-label="Last log lines">
              {details.logLines.length > 0
                ? details.logLines.join('\n')
                : '(the container wrote nothing)'}
            </pre>
            <Link to="?tab=logs">Open the Logs tab</Link>
          </>
        )}
      </Alert>
    </Box>
  );
}
