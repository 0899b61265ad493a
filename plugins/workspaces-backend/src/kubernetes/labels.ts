import { parseEntityRef } from '@backstage/catalog-model';
import { createHash } from 'crypto';

/** Marks every object the plugin manages. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'backstage-workspaces';
export const WORKSPACE_ID_LABEL = 'workspaces.backstage.io/workspace-id';
export const WORKSPACE_NAME_LABEL = 'workspaces.backstage.io/workspace';
export const RUN_ID_LABEL = 'workspaces.backstage.io/run-id';
/** Lets the standard Kubernetes tab of the project show the workspace's objects. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** Selects every object the plugin manages in a cluster. */
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/**
 * A Kubernetes object name from parts, kept a DNS-1123 label of at most 63
 * characters: a name that would be longer is cut and given a hash of the
 * whole, so two long names never collide.
 */
export function objectName(...parts: string[]): string {
  const name = parts.join('-');
  if (name.length <= 63) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}

/** The labels of every object of a workspace. */
export function workspaceLabels(workspace: {
  id: string;
  name: string;
  projectRef: string;
}): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [WORKSPACE_ID_LABEL]: workspace.id,
    [WORKSPACE_NAME_LABEL]: workspace.name,
    [KUBERNETES_ID_LABEL]: parseEntityRef(workspace.projectRef).name,
  };
}

/** The StatefulSet of a workspace. */
export function workspaceStatefulSetName(workspaceName: string): string {
  return objectName('ws', workspaceName);
}

/** The one pod of a workspace's StatefulSet. */
export function workspacePodName(workspaceName: string): string {
  return `${workspaceStatefulSetName(workspaceName)}-0`;
}
