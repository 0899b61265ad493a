/*
 * Long file: every action a user takes on a workspace (create, update,
 * start, stop, delete, keep-alive of a running or a stopped one), each a
 * short method over the same access check, store and transitions.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  checkWorkspaceName,
  CreateWorkspaceRequest,
  UpdateWorkspaceRequest,
  workspaceCreatePermission,
  workspaceDeletePermission,
  WorkspaceSchedule,
  WORKSPACES_MEMBERS_ANNOTATION,
  workspaceUpdatePermission,
} from '@backstage-workspaces/plugin-workspaces-common';
import { randomUUID } from 'crypto';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import {
  describeUnavailableBlock,
  findUnavailableBlock,
} from '../buildingBlocks/findUnavailableBlock';
import { DormancyStore } from '../database/DormancyStore';
import { LifecycleStore } from '../database/LifecycleStore';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspaceAuthorizer } from '../permissions/WorkspaceAuthorizer';
import { ProjectResolver, WorkspaceProject } from '../projects/ProjectResolver';
import { QuotaService } from '../quota/QuotaService';
import { resolveWorkspaceSpec } from './resolveWorkspaceSpec';
import { SecretCipher } from './SecretCipher';
import { storeEnvVars } from './storeEnvVars';
import { WorkspaceAccess } from './WorkspaceAccess';
import { WorkspaceTransitions } from './WorkspaceTransitions';

export interface WorkspaceServiceOptions {
  store: WorkspaceStore;
  access: WorkspaceAccess;
  transitions: WorkspaceTransitions;
  /** Records the users the catalog assigns to a project now, and returns them. */
  syncProjectMembers: (project: WorkspaceProject) => Promise<string[]>;
  authorizer: WorkspaceAuthorizer;
  buildingBlocks: BuildingBlockCatalog;
  projects: ProjectResolver;
  cipher: SecretCipher;
  /** Keep-alives are written there. */
  lifecycleStore: LifecycleStore;
  /** Keep-alives of stopped workspaces (dormancy) are written there. */
  dormancyStore: DormancyStore;
  /** Pre-checks creations that start against quotas; without it, none. */
  quotas?: QuotaService;
  /** Refuses a schedule the admins' limits don't allow (an InputError). */
  checkSchedule: (schedule: WorkspaceSchedule) => void;
  /** How long a keep-alive postpones the automatic stops, how often per run. */
  keepAlive: { extensionMinutes: number; maxPerRun: number };
  now?: () => Date;
}

/**
 * What users ask of workspaces: create, change, start, stop, delete, keep
 * alive. Every call checks the caller's permissions (WorkspaceAccess),
 * records the intent in the database first, and leaves the cluster to the
 * runtime. Starts, stops and deletes are WorkspaceTransitions, as the
 * lifecycle policies' are.
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
    const { store, authorizer, access } = this.options;
    await authorizer.authorizeBasic(
      workspaceCreatePermission,
      credentials,
      'create workspaces',
    );
    const nameProblem = checkWorkspaceName(request.name);
    if (nameProblem) {
      throw new InputError(`name: ${nameProblem.message}`);
    }
    const caller = await access.caller(credentials);
    const project = await this.options.projects.resolve(
      request.project,
      credentials,
    );
    // the catalog's membership now, recorded for the permission rules (a
    // project new to the catalog works before the next sync), not the token's
    const members = await this.options.syncProjectMembers(project);
    if (!access.isAdmin(caller) && !members.includes(caller.userEntityRef)) {
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
      this.options.checkSchedule(request.schedule);
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
      computePresetId: spec.computePresetId,
      computeOverrides: spec.computeOverrides,
      image: spec.image,
      dataSources: spec.dataSources,
      envVars: storeEnvVars(spec.env, [], this.options.cipher),
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
      runStartedAt: start ? now : undefined,
      stoppedAt: start ? undefined : now,
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
    this.options.transitions.changed(record);
    return record;
  }

  async update(
    id: string,
    request: UpdateWorkspaceRequest,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.options.access.getForChange(
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
        // null takes the environment's image again; absent keeps the current one
        image:
          request.image === undefined
            ? current.image
            : request.image ?? undefined,
      },
      this.options.buildingBlocks.forProject(current.projectRef),
      current.projectRef,
      // a hidden environment stays offered to the workspaces that use it
      { currentEnvironment: current.environmentId },
    );
    if (request.schedule) {
      this.options.checkSchedule(request.schedule);
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
      image: spec.image,
      dataSources: spec.dataSources,
      envVars: request.env
        ? storeEnvVars(request.env, current.envVars, this.options.cipher)
        : current.envVars,
      resources: spec.resources,
      pendingRestart:
        current.pendingRestart ||
        (current.desiredState === 'Running' && specChanged(request)),
      updatedAt: now,
    };
    const saved = await this.options.store.updateWorkspace(
      next,
      current.revision,
    );
    this.options.transitions.changed(saved);
    return saved;
  }

  async start(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.options.access.getForChange(
      id,
      'start',
      'it cannot be started',
      credentials,
    );
    if (current.desiredState === 'Running' && current.status !== 'Failed') {
      return current;
    }
    const unavailable = findUnavailableBlock(
      current,
      this.options.buildingBlocks.forProject(current.projectRef),
    );
    if (unavailable) {
      throw new ConflictError(
        `Workspace ${current.name} cannot start: ${describeUnavailableBlock(
          unavailable,
          current.projectRef,
        )}`,
      );
    }
    const caller = await this.options.access.caller(credentials);
    return this.options.transitions.apply(current, {
      to: 'Running',
      reason: 'StartRequested',
      message: `Start requested by ${caller.userEntityRef}`,
    });
  }

  async stop(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.options.access.getForChange(
      id,
      'stop',
      'it cannot be stopped',
      credentials,
    );
    if (current.desiredState === 'Stopped') {
      return current;
    }
    const caller = await this.options.access.caller(credentials);
    return this.options.transitions.apply(current, {
      to: 'Stopped',
      reason: 'StopRequested',
      message: `Stopped by ${caller.userEntityRef}`,
    });
  }

  async delete(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.options.access.getForAction(
      id,
      workspaceDeletePermission,
      'delete',
      credentials,
    );
    if (current.desiredState === 'Deleted') {
      return current;
    }
    const caller = await this.options.access.caller(credentials);
    return this.options.transitions.apply(current, {
      to: 'Deleted',
      reason: 'DeleteRequested',
      message: `Deleted by ${caller.userEntityRef}`,
    });
  }

  /**
   * Postpones the automatic stops of a running workspace by the configured
   * extension, at most the configured number of times per run. For a
   * stopped workspace, restarts its dormancy clock (and withdraws a
   * dormancy warning): it counts as stopped from now.
   */
  async keepAlive(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceRecord> {
    const current = await this.options.access.getForAction(
      id,
      workspaceUpdatePermission,
      'keep alive',
      credentials,
    );
    const { extensionMinutes, maxPerRun } = this.options.keepAlive;
    if (current.desiredState === 'Stopped') {
      return this.keepStoppedAlive(current);
    }
    if (current.desiredState !== 'Running') {
      throw new ConflictError(
        `Workspace ${current.name} is being deleted; it cannot be kept alive`,
      );
    }
    const count = current.keepAliveCount ?? 0;
    if (count >= maxPerRun) {
      throw new ConflictError(
        `Workspace ${current.name} was kept alive ${count} times in this run, the most allowed (workspaces.lifecycle.keepAlive.maxPerRun); save your work before it stops`,
      );
    }
    const until = new Date(this.now().getTime() + extensionMinutes * 60_000);
    const kept = await this.options.lifecycleStore.keepAlive(id, until, count);
    if (!kept) {
      throw new ConflictError(
        `Workspace ${current.name} was kept alive or stopped meanwhile; reload it and try again`,
      );
    }
    const saved = (await this.options.store.getWorkspace(id))!;
    this.options.transitions.changed(saved);
    return saved;
  }

  private async keepStoppedAlive(
    current: WorkspaceRecord,
  ): Promise<WorkspaceRecord> {
    const kept = await this.options.dormancyStore.keepAlive(
      current,
      this.now(),
    );
    if (!kept) {
      throw new ConflictError(
        `Workspace ${current.name} was changed meanwhile; reload it and try again`,
      );
    }
    const saved = (await this.options.store.getWorkspace(current.id))!;
    this.options.transitions.changed(saved);
    return saved;
  }
}

/** Whether an update changes what runs (not only the schedule). */
function specChanged(request: UpdateWorkspaceRequest): boolean {
  return (
    request.environment !== undefined ||
    request.compute !== undefined ||
    request.image !== undefined ||
    request.dataSources !== undefined ||
    request.env !== undefined
  );
}
