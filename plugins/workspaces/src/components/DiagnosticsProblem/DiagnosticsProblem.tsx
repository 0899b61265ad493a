import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import Alert from '@material-ui/lab/Alert';

/**
 * What a failed diagnostics call (logs, Kubernetes events, objects) means
 * for the user, or undefined where only the error panel can tell.
 */
export function describeDiagnosticsProblem(
  error: Error,
  workspace: Pick<Workspace, 'status'>,
  what: 'logs' | 'events' | 'objects',
): { severity: 'info' | 'warning'; text: string } | undefined {
  if (!(error instanceof ResponseError)) {
    return undefined;
  }
  const status = error.statusCode;
  const message = error.body.error.message;
  if (status === 409) {
    if (workspace.status === 'Stopped' && what === 'logs') {
      return {
        severity: 'info',
        text: 'The workspace is stopped: there are no logs to show. Start it to see its logs.',
      };
    }
    return { severity: 'info', text: `No ${what} to show: ${message}` };
  }
  if (status === 400) {
    return {
      severity: 'warning',
      text: `The request for ${what} was refused: ${message}`,
    };
  }
  if (status === 501) {
    return {
      severity: 'info',
      text: `This Backstage cannot show the ${what} of workspaces: ${message}`,
    };
  }
  return undefined;
}

/** A failed logs, events or objects call, in words where we have them. */
export function DiagnosticsProblem(props: {
  error: Error;
  workspace: Pick<Workspace, 'status'>;
  what: 'logs' | 'events' | 'objects';
}) {
  const problem = describeDiagnosticsProblem(
    props.error,
    props.workspace,
    props.what,
  );
  if (!problem) {
    return <ResponseErrorPanel error={props.error} />;
  }
  return <Alert severity={problem.severity}>{problem.text}</Alert>;
}
