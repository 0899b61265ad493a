import {
  DesiredState,
  WorkspaceStatus,
} from '@backstage-workspaces/plugin-workspaces-common';
import { DerivedStatus } from './deriveWorkspaceStatus';
import { namespaceRbacCommand } from './renderNamespaceRbac';

/** A right the API server refused the plugin, from its 403 answer. */
export interface MissingRight {
  verb: string;
  /** Plural, with its subresource if any, e.g. `statefulsets`, `pods/log`. */
  resource: string;
  namespace: string;
}

/** What RBAC's authorizer says when it refuses a request in a namespace. */
const FORBIDDEN =
  /cannot (\S+) resource "([^"]+)" in API group "[^"]*" in the namespace "([^"]+)"/;

/**
 * The right a 403 answer of the API server names, if it names one in a
 * namespace; undefined for any other answer.
 */
export function describeMissingRight(
  code: number,
  message: string,
): MissingRight | undefined {
  const found = code === 403 ? FORBIDDEN.exec(message) : null;
  if (!found) {
    return undefined;
  }
  const [, verb, resource, namespace] = found;
  return { verb, resource, namespace };
}

/** Server-side apply is a patch; people ask for objects to be created. */
const verbWords: Record<string, string> = { patch: 'create or update' };

/**
 * The status of a workspace the plugin may not converge for lack of a right
 * in its namespace: what it waits for, and the command that grants it. The
 * sweep tries again, so the workspace goes on once the Role is applied.
 */
export function missingRightStatus(
  desiredState: DesiredState,
  previousStatus: WorkspaceStatus,
  right: MissingRight,
): DerivedStatus {
  let status: WorkspaceStatus = 'Pending';
  if (desiredState === 'Deleted') {
    status = 'Deleting';
  } else if (desiredState === 'Stopped') {
    status = previousStatus === 'Stopped' ? 'Stopped' : 'Stopping';
  }
  const verb = verbWords[right.verb] ?? right.verb;
  return {
    status,
    reason: 'NotPermittedInNamespace',
    message: `The plugin may not ${verb} ${right.resource} in namespace ${
      right.namespace
    }; apply its Role there: ${namespaceRbacCommand(right.namespace)}`,
  };
}
