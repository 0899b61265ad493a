import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { WorkspaceSchedule } from '@backstage-workspaces/plugin-workspaces-common';
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
import { LifecycleStore } from '../database/LifecycleStore';
import { ProjectMemberStore } from '../database/ProjectMemberStore';
import {
  ListWorkspacesOptions,
  StatusEventInput,
  WorkspaceStore,
} from '../database/WorkspaceStore';
import {
  AutoStopReason,
  StoredEnvVar,
  WorkspaceRecord,
} from '../database/types';
import { checkWorkspaceSchedule } from '../lifecycle/checkWorkspaceSchedule';
import { LifecyclePolicyConfig } from '../lifecycle/readLifecyclePolicy';
import { QuotaService } from '../quota/QuotaService';
import {
  WorkspaceAuthorizer,
  workspaceNotFound,
} from '../permissions/WorkspaceAuthorizer';
import { BuildingBlockCatalog } from './BuildingBlockCatalog';
import { ProjectResolver, WorkspaceProject } from './ProjectResolver';
import { resolveWorkspaceSpec } from './resolveWorkspaceSpec';
import { SecretCipher } from './SecretCipher';
import { WorkspaceChangeSignals } from './WorkspaceChangeSignals';

/** The form of every workspace id (randomUUID at creation). */
const WORKSPACE_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
  /** Keep-alives are written there. */
  lifecycleStore?: LifecycleStore;
  /** Pre-checks starts against quotas; without it, none. */
  quotas?: QuotaService;
  /** Schedule limits and keep-alives; without it, schedules are refused. */
  lifecycle?: Pick<LifecyclePolicyConfig, 'schedules' | 'keepAlive'>;
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
    if (request.schedule) {
      this.checkSchedule(request.schedule);
    }
    const now = this.now();
    const start = request.start ?? true;
    if (start) {
      await this.options.quotas?.check(
        {
          projectRef: project.entityRef,
          namespace: project.namespace,
          cluster: project.cluster,
          userRef: caller.userEntityRef,
        },
        { computePresetId: spec.computePresetId, resources: spec.resources },
      );
    }
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
      schedule: request.schedule,
      scheduleHandledAt: request.schedule ? now : undefined,
      keepAliveCount: 0,
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
    // ids are UUIDs: anything else (e.g. a NUL byte, which PostgreSQL
    // refuses) names no workspace and never reaches the database
    const record =
      WORKSPACE_ID.test(id) &&
      visibility &&
      (await this.options.store.getWorkspace(id, visibility));
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
    const current = await this.getForChange(
      id,
      'change',
      'it can no longer be changed',
      credentials,
    );
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
    if (request.schedule) {
      this.checkSchedule(request.schedule);
    }
    const now = this.now();
    const next: WorkspaceRecord = {
      ...current,
      ...(request.schedule !== undefined && {
        schedule: request.schedule ?? undefined,
        // a new schedule starts from now: no start it "missed" before
        scheduleHandledAt: request.schedule ? now : undefined,
      }),
      environmentId: spec.environmentId,
      computePresetId: spec.computePresetId,
      computeOverrides: spec.computeOverrides,
      dataSources: spec.dataSources,
      envVars: request.env
        ? this.storeEnv(request.env, current.envVars)
        : current.envVars,
      resources: spec.resources,
      pendingRestart:
        current.pendingRestart ||
        (current.desiredState === 'Running' && this.specChanged(request)),
      updatedAt: now,
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
    const current = await this.getForChange(
      id,
      'start',
      'it cannot be started',
      credentials,
    );
    if (current.desiredState === 'Running' && current.status !== 'Failed') {
      return current;
    }
    const caller = await this.caller(credentials);
    return this.startRun(current, `Start requested by ${caller.userEntityRef}`);
  }

  /**
   * Starts a stopped workspace by its schedule, as the plugin, with the same
   * quota check as a user's start. A conflict means someone else changed it
   * meanwhile (e.g. another policy runner): nothing happens then.
   */
  async startBySchedule(current: WorkspaceRecord): Promise<WorkspaceRecord> {
    return this.startRun(current, 'Started by its schedule');
  }

  private async startRun(
    current: WorkspaceRecord,
    message: string,
  ): Promise<WorkspaceRecord> {
    await this.options.quotas?.check(
      {
        projectRef: current.projectRef,
        namespace: current.namespace,
        cluster: current.cluster,
        userRef: current.createdBy,
      },
      current,
    );
    const id = current.id;
    const now = this.now();
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
      await tx.resetAutoStop(id, { run: true });
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
    const current = await this.getForChange(
      id,
      'stop',
      'it cannot be stopped',
      credentials,
    );
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

  /**
   * Stops a running workspace by a lifecycle policy, as the plugin: the run
   * ends with the reason, volumes and configuration stay. Returns undefined
   * when the workspace changed since `current` was read (a user acted, or
   * another policy runner stopped it first), so it is stopped at most once.
   */
  async stopByPolicy(
    current: WorkspaceRecord,
    reason: AutoStopReason,
    why: string,
  ): Promise<WorkspaceRecord | undefined> {
    const now = this.now();
    const message = `Stopped: ${why}`;
    try {
      const saved = await this.options.store.transaction(async tx => {
        const open = await tx.getOpenRun(current.id);
        // guarded by the revision: of two runners, one stops it
        const updated = await tx.updateWorkspace(
          {
            ...this.withStatus(current, 'Stopping', message, now, {
              desiredState: 'Stopped',
            }),
            statusReason: `AutoStop${reason}`,
          },
          current.revision,
          this.event(
            current,
            'Stopping',
            `AutoStop${reason}`,
            message,
            now,
            open?.id,
          ),
        );
        if (open) {
          await tx.endRun(open.id, now, message);
        }
        await tx.resetAutoStop(current.id, { run: true });
        return updated;
      });
      this.changed(saved);
      return saved;
    } catch (error) {
      if (error instanceof ConflictError) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Postpones the automatic stops of a running workspace by the configured
   * extension, at most the configured number of times per run.
   */
  async keepAlive(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.getForAction(
      id,
      workspaceUpdatePermission,
      'keep alive',
      credentials,
    );
    const { extensionMinutes, maxPerRun } = this.options.lifecycle
      ?.keepAlive ?? { extensionMinutes: 60, maxPerRun: 2 };
    if (current.desiredState !== 'Running') {
      throw new ConflictError(
        `Workspace ${current.name} is not running; only a running workspace can be kept alive`,
      );
    }
    const count = current.keepAliveCount ?? 0;
    if (count >= maxPerRun) {
      throw new ConflictError(
        `Workspace ${current.name} was kept alive ${count} times in this run, the most allowed (workspaces.lifecycle.keepAlive.maxPerRun); save your work before it stops`,
      );
    }
    const until = new Date(this.now().getTime() + extensionMinutes * 60_000);
    const kept = await this.options.lifecycleStore!.keepAlive(id, until, count);
    if (!kept) {
      throw new ConflictError(
        `Workspace ${current.name} was kept alive or stopped meanwhile; reload it and try again`,
      );
    }
    const saved = (await this.options.store.getWorkspace(id))!;
    this.options.changeSignals?.changed(saved);
    return saved;
  }

  /** What a project may still start, for the caller. */
  async quota(projectRef: string, credentials: BackstageCredentials) {
    const project = await this.resolveProject(projectRef, credentials);
    const caller = await this.caller(credentials);
    const entries =
      (await this.options.quotas?.entries({
        projectRef: project.entityRef,
        namespace: project.namespace,
        cluster: project.cluster,
        userRef: caller.userEntityRef,
      })) ?? [];
    return {
      project: project.entityRef,
      namespace: project.namespace,
      entries,
    };
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
      await tx.resetAutoStop(current.id, { run: true });
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
  /**
   * A workspace the caller may update, refusing with 409 one that is being
   * deleted (`refusal` says what can no longer happen to it).
   */
  private async getForChange(
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

  private checkSchedule(schedule: WorkspaceSchedule): void {
    checkWorkspaceSchedule(
      schedule,
      this.options.lifecycle?.schedules ?? {
        enabled: false,
        allowStart: false,
        defaultTimeZone: 'UTC',
        maxWindowHours: 0,
      },
    );
  }

  /** Whether an update changes what runs (not only the schedule). */
  private specChanged(request: UpdateWorkspaceRequest): boolean {
    return (
      request.environment !== undefined ||
      request.compute !== undefined ||
      request.dataSources !== undefined ||
      request.env !== undefined
    );
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
