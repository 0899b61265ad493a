import {
  Workspace,
  WorkspaceBuildingBlocks,
  WorkspaceEnvironment,
} from '@backstage-workspaces/plugin-workspaces-common';

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
): EnvironmentLifecycleNote | undefined {
  const environment = blocks.environments.find(
    e => e.id === workspace.environment,
  );
  if (!environment) {
    return {
      kind: 'unavailable',
      text: `The environment ${workspace.environment} is no longer available — edit the workspace to pick another`,
      canUpdate: false,
    };
  }
  if (!environment.lifecycle && !environment.replacedBy) {
    return undefined;
  }
  const replacement = blocks.environments.find(
    e => e.id === environment.replacedBy,
  );
  const use = replacement ? ` — use ${replacement.title}` : '';
  const kind = environment.lifecycle ?? 'replaced';
  const text = {
    deprecated: `Deprecated${use}`,
    hidden: `No longer offered for new workspaces${use}`,
    replaced: `Replaced by ${replacement?.title ?? environment.replacedBy}`,
  }[kind];
  return {
    kind,
    text: `${environment.title}: ${text}`,
    replacement,
    canUpdate: Boolean(replacement) && workspace.desiredState === 'Stopped',
  };
}
