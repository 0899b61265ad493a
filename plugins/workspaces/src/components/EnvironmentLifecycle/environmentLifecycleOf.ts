import {
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceEnvironment,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspacesT } from '../../translation';

/** What a workspace's user should know of its environment's lifecycle. */
export interface EnvironmentLifecycleNote {
  /** deprecated or hidden by the admins, or gone from their config. */
  kind: 'deprecated' | 'hidden' | 'replaced' | 'unavailable';
  /** One line for a warning, e.g. "Deprecated — use JupyterLab 2025". */
  text: string;
  /** The environment that replaces it, if the admins named one. */
  replacement?: WorkspaceEnvironment;
  /**
   * The workspace is stopped, so an update to the replacement takes effect
   * at its next start (the same volumes).
   */
  canUpdate: boolean;
}

/**
 * What to tell about the environment of a workspace: nothing while it is
 * current; a warning (with the replacement) when it is deprecated, hidden or
 * replaced; that it is gone when the project no longer has it. Needs the
 * project's building blocks with the hidden environments.
 */
export function environmentLifecycleOf(
  workspace: Pick<Workspace, 'environment' | 'desiredState'>,
  blocks: Pick<WorkspaceBuildingBlocks, 'environments'>,
  t: WorkspacesT,
): EnvironmentLifecycleNote | undefined {
  const environment = blocks.environments.find(
    e => e.id === workspace.environment,
  );
  if (!environment) {
    return {
      kind: 'unavailable',
      text: t('lifecycle.unavailable', {
        environment: workspace.environment,
      }),
      canUpdate: false,
    };
  }
  if (!environment.lifecycle && !environment.replacedBy) {
    return undefined;
  }
  const replacement = blocks.environments.find(
    e => e.id === environment.replacedBy,
  );
  const kind = environment.lifecycle ?? 'replaced';
  const title = environment.title;
  let text: string;
  if (kind === 'replaced') {
    text = t('lifecycle.replaced', {
      title,
      replacement: replacement?.title ?? environment.replacedBy ?? '',
    });
  } else if (replacement) {
    text = t(`lifecycle.${kind}Use`, {
      title,
      replacement: replacement.title,
    });
  } else {
    text = t(`lifecycle.${kind}`, { title });
  }
  return {
    kind,
    text,
    replacement,
    canUpdate: Boolean(replacement) && workspace.desiredState === 'Stopped',
  };
}
