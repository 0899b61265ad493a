import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import Alert from '@material-ui/lab/Alert';
import { useWorkspacesTranslation, WorkspacesT } from '../../translation';

/**
 * What a failed diagnostics call (logs, Kubernetes events, objects) means
 * for the user, or undefined where only the error panel can tell.
 */
export function describeDiagnosticsProblem(
  error: Error,
  workspace: Pick<Workspace, 'status'>,
  what: 'logs' | 'events' | 'objects',
  t: WorkspacesT,
): { severity: 'info' | 'warning'; text: string } | undefined {
  if (!(error instanceof ResponseError)) {
    return undefined;
  }
  const status = error.statusCode;
  const message = error.body.error.message;
  const values = { what: t(`diagnostics.what.${what}`), message };
  if (status === 409) {
    if (workspace.status === 'Stopped' && what === 'logs') {
      return { severity: 'info', text: t('diagnostics.stoppedNoLogs') };
    }
    return { severity: 'info', text: t('diagnostics.nothingToShow', values) };
  }
  if (status === 400) {
    return { severity: 'warning', text: t('diagnostics.refused', values) };
  }
  if (status === 501) {
    return { severity: 'info', text: t('diagnostics.notSupported', values) };
  }
  return undefined;
}

/** A failed logs, events or objects call, in words where we have them. */
export function DiagnosticsProblem(props: {
  error: Error;
  workspace: Pick<Workspace, 'status'>;
  what: 'logs' | 'events' | 'objects';
}) {
  const { t } = useWorkspacesTranslation();
  const problem = describeDiagnosticsProblem(
    props.error,
    props.workspace,
    props.what,
    t,
  );
  if (!problem) {
    return <ResponseErrorPanel error={props.error} />;
  }
  return <Alert severity={problem.severity}>{problem.text}</Alert>;
}
