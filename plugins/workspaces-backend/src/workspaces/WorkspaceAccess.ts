import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  workspaceReadPermission,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceRecord } from '../model/records';
import {
  WorkspaceAuthorizer,
  workspaceNotFound,
} from '../permissions/WorkspaceAuthorizer';

/** The form of every workspace id (randomUUID at creation). */
const WORKSPACE_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who calls, with lower-case refs. */
export interface Caller {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * Who may see and act on which workspace: the permission framework's
 * decisions (run as SQL filters), the admins of the config, and a project's
 * assigned users. A workspace the caller may not see is 404, so that its
 * existence does not leak; one they see but may not act on, 403.
 */
export class WorkspaceAccess {
  constructor(
    private readonly options: {
      store: WorkspaceStore;
      authorizer: WorkspaceAuthorizer;
      userInfo: UserInfoService;
      adminRefs: string[];
    },
  ) {}

  async caller(credentials: BackstageCredentials): Promise<Caller> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef.toLocaleLowerCase('en-US'),
      ownershipEntityRefs: info.ownershipEntityRefs.map(ref =>
        ref.toLocaleLowerCase('en-US'),
      ),
    };
  }

  isAdmin(caller: Caller): boolean {
    return caller.ownershipEntityRefs.some(ref =>
      this.options.adminRefs.includes(ref),
    );
  }

  /** The workspace, if the caller may read it; 404 otherwise. */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    return (await this.find(id, credentials)).record;
  }

  /** The workspace, if the caller may see it (404) and act on it with `permission` (403). */
  async getForAction(
    id: string,
    permission: ResourcePermission<'workspace'>,
    verb: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const { record, mayAct } = await this.find(id, credentials, permission);
    if (!mayAct) {
      throw new NotAllowedError(
        `You may not ${verb} workspace ${record.name}; only its creator and admins may`,
      );
    }
    return record;
  }

  /** The workspace the caller may read, and whether they hold `permission` on it, in one query. */
  private async find(
    id: string,
    credentials: BackstageCredentials,
    permission?: ResourcePermission<'workspace'>,
  ) {
    const { authorizer, store } = this.options;
    const [visibility, actable] = await Promise.all([
      authorizer.visibility(workspaceReadPermission, credentials),
      permission && authorizer.visibility(permission, credentials),
    ]);
    // ids are UUIDs: anything else (e.g. a NUL byte, which PostgreSQL
    // refuses) names no workspace and never reaches the database
    const found =
      WORKSPACE_ID.test(id) &&
      visibility &&
      (await store.getWorkspaceForAction(
        id,
        visibility,
        permission ? actable : { kind: 'all' },
      ));
    if (!found) {
      throw workspaceNotFound(id);
    }
    return found;
  }

  /**
   * A workspace the caller may update, refusing with 409 one that is being
   * deleted (`refusal` says what can no longer happen to it).
   */
  async getForChange(
    id: string,
    verb: string,
    refusal: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceUpdatePermission,
      verb,
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      throw new ConflictError(
        `Workspace ${current.name} is being deleted; ${refusal}`,
      );
    }
    return current;
  }
}
