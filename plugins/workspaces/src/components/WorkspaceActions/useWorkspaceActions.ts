import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Workspace } from '@backstage-workspaces/plugin-workspaces-common';
import { useCallback, useState } from 'react';
import { workspacesApiRef } from '../../api';
import { useWorkspacesTranslation } from '../../translation';
import { describeError } from '../describeError';

/** The actions of a workspace, by their key in the texts. */
export type WorkspaceActionName =
  | 'start'
  | 'stop'
  | 'update'
  | 'delete'
  | 'connect';

/**
 * Start, stop, delete, connect and a change of environment, with the
 * outcome in the app's alerts.
 * `busy` names the action in flight.
 */
export function useWorkspaceActions(
  workspace: Workspace,
  onChanged: () => void,
) {
  const workspacesApi = useApi(workspacesApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useWorkspacesTranslation();
  const [busy, setBusy] = useState<WorkspaceActionName>();

  const run = useCallback(
    async (
      name: WorkspaceActionName,
      action: () => Promise<unknown>,
      done?: string,
    ) => {
      setBusy(name);
      try {
        await action();
        if (done) {
          alertApi.post({
            message: done,
            severity: 'success',
            display: 'transient',
          });
        }
        onChanged();
      } catch (error) {
        alertApi.post({
          // the backend's message says why, e.g. which quota a start exceeds
          message: t(`actions.failed.${name}`, {
            name: workspace.name,
            reason: describeError(error),
          }),
          severity: 'error',
        });
      } finally {
        setBusy(undefined);
      }
    },
    [alertApi, onChanged, workspace.name, t],
  );

  return {
    busy,
    start: () => run('start', () => workspacesApi.startWorkspace(workspace.id)),
    stop: () => run('stop', () => workspacesApi.stopWorkspace(workspace.id)),
    /** The ordinary update of its environment, e.g. to a replacement; volumes stay. */
    updateEnvironment: (environment: { id: string; title: string }) =>
      run(
        'update',
        () =>
          workspacesApi.updateWorkspace(workspace.id, {
            revision: workspace.revision,
            environment: environment.id,
          }),
        t('actions.updated', {
          name: workspace.name,
          environment: environment.title,
        }),
      ),
    remove: () =>
      run(
        'delete',
        () => workspacesApi.deleteWorkspace(workspace.id),
        t('actions.deleting', { name: workspace.name }),
      ),
    connect: (toolId: string) => {
      // opened before the call so that the browser does not block it
      const tab = window.open('', '_blank');
      return run('connect', async () => {
        try {
          const { url } = await workspacesApi.connectTool(workspace.id, toolId);
          if (tab) {
            tab.opener = null;
            tab.location.href = url;
          }
        } catch (error) {
          tab?.close();
          throw error;
        }
      });
    },
  };
}
