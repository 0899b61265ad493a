import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { ConditionTransformer } from '@backstage/plugin-permission-node';
import { WorkspaceQueryFilter } from '@backstage-workspaces/plugin-workspaces-node';
import { WorkspaceVisibility } from '../database/WorkspaceStore';
import { DecisionCache } from './DecisionCache';

/**
 * Turns the permission framework's decisions into what the database filters
 * on: everything, nothing, or the conditions of a conditional decision.
 */
export class WorkspaceAuthorizer {
  private readonly decisions = new DecisionCache<
    Awaited<ReturnType<PermissionsService['authorizeConditional']>>[number]
  >();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly transformConditions: ConditionTransformer<WorkspaceQueryFilter>,
  ) {}

  /** Which workspaces the caller holds a resource permission for; undefined for none. */
  async visibility(
    permission: ResourcePermission<'workspace'>,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceVisibility | undefined> {
    const decision = await this.decisions.decide(
      permission.name,
      credentials,
      async () =>
        (
          await this.permissions.authorizeConditional([{ permission }], {
            credentials,
          })
        )[0],
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { kind: 'all' };
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return undefined;
    }
    return {
      kind: 'filtered',
      criteria: this.transformConditions(decision.conditions),
    };
  }

  /** Throws NotAllowedError unless the caller holds a basic permission. */
  async authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    what: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not ${what}`);
    }
  }
}

/** The same answer for a workspace that does not exist and one the caller may not see. */
export function workspaceNotFound(id: string): NotFoundError {
  return new NotFoundError(`Workspace ${id} was not found`);
}
