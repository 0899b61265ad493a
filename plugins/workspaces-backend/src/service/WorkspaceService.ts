import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  CreateWorkspaceRequest,
  getProjectMemberRefs,
  UpdateWorkspaceRequest,
  workspaceCreatePermission,
  workspaceDeletePermission,
  checkWorkspaceName,
  WORKSPACES_MEMBERS_ANNOTATION,
  workspaceReadPermission,
  WorkspaceStatus,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { randomUUID } from 'crypto';
import { ProjectMemberStore } from '../database/ProjectMemberStore';
import {
  ListWorkspacesOptions,
  StatusEventInput,
  WorkspaceStore,
} from '../database/WorkspaceStore';
import { StoredEnvVar, WorkspaceRecord } from '../database/types';
import {
  WorkspaceAuthorizer,
  workspaceNotFound,
} from '../permissions/WorkspaceAuthorizer';
import { BuildingBlockCatalog } from './BuildingBlockCatalog';
import { ProjectResolver, WorkspaceProject } from './ProjectResolver';
import { resolveWorkspaceSpec } from './resolveWorkspaceSpec';
import { SecretCipher } from './SecretCipher';
import { WorkspaceChangeSignals } from './WorkspaceChangeSignals';

export interface WorkspaceServiceOptions {
  store: WorkspaceStore;
  projectMembers: ProjectMemberStore;
  authorizer: WorkspaceAuthorizer;
  buildingBlocks: BuildingBlockCatalog;
  projects: ProjectResolver;
  userInfo: UserInfoService;
  cipher: SecretCipher;
  adminRefs: string[];
  getRuntime: () => WorkspaceRuntime | undefined;
  changeSignals?: WorkspaceChangeSignals;
  now?: () => Date;
}

type Caller = { userEntityRef: string; ownershipEntityRefs: string[] };

/**
 * Creates, changes, starts, stops and deletes workspaces. Every call checks
 * the caller's permissions, records the intent in the database first, and
 * then tells the runtime, which converges the cluster to it.
 */
export class WorkspaceService {
  private readonly now: () => Date;

  constructor(private readonly options: WorkspaceServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async create(
    request: CreateWorkspaceRequest,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const { store, authorizer } = this.options;
    await authorizer.authorizeBasic(
      workspaceCreatePermission,
      credentials,
      'create workspaces',
    );
    const nameProblem = checkWorkspaceName(request.name);
    if (nameProblem) {
      throw new InputError(`name: ${nameProblem.message}`);
    }
    const caller = await this.caller(credentials);
    const project = await this.resolveProject(request.project, credentials);
    if (!this.isAdmin(caller) && !this.isAssigned(caller, project)) {
      throw new NotAllowedError(
        `You are not assigned to project ${project.entityRef}; ask its owner to add you to ${WORKSPACES_MEMBERS_ANNOTATION}`,
      );
    }
    const spec = resolveWorkspaceSpec(
      request,
      this.options.buildingBlocks.forProject(project.entityRef),
      project.entityRef,
    );
    const now = this.now();
    const start = request.start ?? true;
    const record: WorkspaceRecord = {
      id: randomUUID(),
      name: request.name,
      projectRef: project.entityRef,
      namespace: project.namespace,
      cluster: project.cluster,
      environmentId: spec.environmentId,
      environmentOverrides: {},
      computePresetId: spec.computePresetId,
      computeOverrides: spec.computeOverrides,
      dataSources: spec.dataSources,
      envVars: this.storeEnv(spec.env, []),
      resources: spec.resources,
      desiredState: start ? 'Running' : 'Stopped',
      status: start ? 'Creating' : 'Stopped',
      statusMessage: start
        ? `Start requested by ${caller.userEntityRef}`
        : `Created by ${caller.userEntityRef}, not started`,
      statusSince: now,
      pendingRestart: false,
      createdBy: caller.userEntityRef,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    await store.transaction(async tx => {
      await tx.insertWorkspace(record, {
        time: now,
        to: record.status,
        reason: start ? 'StartRequested' : 'Created',
        message: record.statusMessage,
      });
      if (start) {
        await tx.insertRun({
          id: randomUUID(),
          workspaceId: record.id,
          startedAt: now,
          resources: spec.resources,
        });
      }
    });
    this.changed(record);
    return record;
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const visibility = await this.options.authorizer.visibility(
      workspaceReadPermission,
      credentials,
    );
    const record =
      visibility && (await this.options.store.getWorkspace(id, visibility));
    if (!record) {
      throw workspaceNotFound(id);
    }
    return record;
  }

  async update(
    id: string,
    request: UpdateWorkspaceRequest,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceUpdatePermission,
      'change',
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      throw new ConflictError(
        `Workspace ${current.name} is being deleted; it can no longer be changed`,
      );
    }
    if (request.revision !== current.revision) {
      throw new ConflictError(
        `revision: workspace ${current.name} is at revision ${current.revision}, not ${request.revision}; reload it and try again`,
      );
    }
    const spec = resolveWorkspaceSpec(
      {
        environment: request.environment ?? current.environmentId,
        compute: request.compute ?? {
          preset: current.computePresetId,
          overrides: current.computeOverrides,
        },
        dataSources: request.dataSources ?? current.dataSources,
        env: request.env,
      },
      this.options.buildingBlocks.forProject(current.projectRef),
      current.projectRef,
    );
    const next: WorkspaceRecord = {
      ...current,
      environmentId: spec.environmentId,
      computePresetId: spec.computePresetId,
      computeOverrides: spec.computeOverrides,
      dataSources: spec.dataSources,
      envVars: request.env
        ? this.storeEnv(request.env, current.envVars)
        : current.envVars,
      resources: spec.resources,
      pendingRestart:
        current.pendingRestart || current.desiredState === 'Running',
      updatedAt: this.now(),
    };
    const saved = await this.options.store.updateWorkspace(
      next,
      current.revision,
    );
    this.changed(saved);
    return saved;
  }

  async start(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceUpdatePermission,
      'start',
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      throw new ConflictError(
        `Workspace ${current.name} is being deleted; it cannot be started`,
      );
    }
    if (current.desiredState === 'Running' && current.status !== 'Failed') {
      return current;
    }
    const caller = await this.caller(credentials);
    const now = this.now();
    const message = `Start requested by ${caller.userEntityRef}`;
    const runId = randomUUID();
    const saved = await this.options.store.transaction(async tx => {
      const open = await tx.getOpenRun(id);
      if (open) {
        await tx.endRun(open.id, now, current.statusMessage || current.status);
      }
      await tx.insertRun({
        id: runId,
        workspaceId: id,
        startedAt: now,
        resources: current.resources,
      });
      return tx.updateWorkspace(
        this.withStatus(current, 'Creating', message, now, {
          desiredState: 'Running',
          pendingRestart: false,
        }),
        current.revision,
        this.event(current, 'Creating', 'StartRequested', message, now, runId),
      );
    });
    this.changed(saved);
    return saved;
  }

  async stop(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceUpdatePermission,
      'stop',
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      throw new ConflictError(
        `Workspace ${current.name} is being deleted; it cannot be stopped`,
      );
    }
    if (current.desiredState === 'Stopped') {
      return current;
    }
    return this.endIntent(
      current,
      'Stopped',
      'Stopping',
      'StopRequested',
      'Stopped',
      credentials,
    );
  }

  async delete(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceDeletePermission,
      'delete',
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      return current;
    }
    return this.endIntent(
      current,
      'Deleted',
      'Deleting',
      'DeleteRequested',
      'Deleted',
      credentials,
    );
  }

  /** A page of the workspaces the caller may read; filtered in the database. */
  async list(
    query: Omit<ListWorkspacesOptions, 'visibility'>,
    credentials: BackstageCredentials,
  ) {
    const visibility = await this.options.authorizer.visibility(
      workspaceReadPermission,
      credentials,
    );
    if (!visibility) {
      return { items: [], totalCount: query.withTotal ? 0 : undefined };
    }
    return this.options.store.listWorkspaces({ ...query, visibility });
  }

  /** Counts by status and resources of running workspaces, of those the caller may read. */
  async summarize(projectRef: string, credentials: BackstageCredentials) {
    const project = await this.resolveProject(projectRef, credentials);
    const visibility = await this.options.authorizer.visibility(
      workspaceReadPermission,
      credentials,
    );
    const rows = visibility
      ? await this.options.store.summarizeProject(project.entityRef, visibility)
      : [];
    const running = rows.find(row => row.status === 'Running');
    return {
      project: project.entityRef,
      countsByStatus: Object.fromEntries(
        rows.map(row => [row.status, row.count]),
      ),
      running: {
        workspaces: running?.count ?? 0,
        cpuMillicores: running?.cpuMillicores ?? 0,
        memoryBytes: running?.memoryBytes ?? 0,
        gpus: running?.gpus ?? 0,
      },
    };
  }

  async listRuns(id: string, credentials: BackstageCredentials) {
    await this.get(id, credentials);
    return this.options.store.listRuns(id);
  }

  async listStatusEvents(id: string, credentials: BackstageCredentials) {
    await this.get(id, credentials);
    return this.options.store.listStatusEvents(id);
  }

  /** Resolves a project from the catalog and refreshes its members for the permission rules. */
  async resolveProject(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceProject> {
    const project = await this.options.projects.resolve(ref, credentials);
    await this.options.projectMembers.setMembers(
      project.entityRef,
      getProjectMemberRefs(project.entity),
    );
    return project;
  }

  private async endIntent(
    current: WorkspaceRecord,
    desiredState: 'Stopped' | 'Deleted',
    status: WorkspaceStatus,
    reason: string,
    verb: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const caller = await this.caller(credentials);
    const now = this.now();
    const message = `${verb} by ${caller.userEntityRef}`;
    const nextStatus =
      current.status === 'Stopped' && desiredState === 'Stopped'
        ? 'Stopped'
        : status;
    const saved = await this.options.store.transaction(async tx => {
      const open = await tx.getOpenRun(current.id);
      if (open) {
        await tx.endRun(open.id, now, message);
      }
      return tx.updateWorkspace(
        this.withStatus(current, nextStatus, message, now, { desiredState }),
        current.revision,
        this.event(current, nextStatus, reason, message, now, open?.id),
      );
    });
    this.changed(saved);
    return saved;
  }

  /**
   * The workspace, if the caller may see it (404 otherwise, so its existence
   * does not leak) and may act on it (403 otherwise).
   */
  private async getForAction(
    id: string,
    permission: ResourcePermission<'workspace'>,
    verb: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const record = await this.get(id, credentials);
    const visibility = await this.options.authorizer.visibility(
      permission,
      credentials,
    );
    const allowed =
      visibility?.kind === 'all' ||
      (visibility && (await this.options.store.getWorkspace(id, visibility)));
    if (!allowed) {
      throw new NotAllowedError(
        `You may not ${verb} workspace ${record.name}; only its creator and admins may`,
      );
    }
    return record;
  }

  private withStatus(
    record: WorkspaceRecord,
    status: WorkspaceStatus,
    message: string,
    now: Date,
    changes: Partial<WorkspaceRecord>,
  ): WorkspaceRecord {
    return {
      ...record,
      ...changes,
      status,
      statusReason: undefined,
      statusMessage: message,
      statusSince: status === record.status ? record.statusSince : now,
      updatedAt: now,
    };
  }

  private event(
    record: WorkspaceRecord,
    to: WorkspaceStatus,
    reason: string,
    message: string,
    time: Date,
    runId?: string,
  ): StatusEventInput {
    return { time, from: record.status, to, reason, message, runId };
  }

  private storeEnv(
    env: Array<{ name: string; value?: string; secret?: boolean }>,
    previous: StoredEnvVar[],
  ): StoredEnvVar[] {
    return env.map((variable, index) => {
      if (!variable.secret) {
        if (variable.value === undefined) {
          throw new InputError(`env[${index}].value: a value is required`);
        }
        return { name: variable.name, secret: false, value: variable.value };
      }
      if (variable.value !== undefined) {
        return {
          name: variable.name,
          secret: true,
          encryptedValue: this.options.cipher.encrypt(
            variable.value,
            `env[${index}]`,
          ),
        };
      }
      const kept = previous.find(p => p.name === variable.name && p.secret);
      if (!kept) {
        throw new InputError(
          `env[${index}].value: a value is required for the new secret variable ${variable.name}`,
        );
      }
      return kept;
    });
  }

  private async caller(credentials: BackstageCredentials): Promise<Caller> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef.toLocaleLowerCase('en-US'),
      ownershipEntityRefs: info.ownershipEntityRefs.map(ref =>
        ref.toLocaleLowerCase('en-US'),
      ),
    };
  }

  private isAdmin(caller: Caller): boolean {
    return caller.ownershipEntityRefs.some(ref =>
      this.options.adminRefs.includes(ref),
    );
  }

  private isAssigned(caller: Caller, project: WorkspaceProject): boolean {
    const members = new Set(getProjectMemberRefs(project.entity));
    return caller.ownershipEntityRefs.some(ref => members.has(ref));
  }

  private changed(record: WorkspaceRecord): void {
    this.options.getRuntime()?.workspaceChanged(record.id);
    this.options.changeSignals?.changed(record);
  }
}
