import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DEFAULT_GPU_RESOURCE_NAME,
  parseQuantity,
  WorkspaceComputePreset,
} from '@backstage-workspaces/plugin-workspaces-common';
import { WorkspaceRuntime } from '@backstage-workspaces/plugin-workspaces-node';
import { WorkspaceStore } from '../database/WorkspaceStore';
import { RequestedResources } from '../model/records';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import {
  describeShortfall,
  findQuotaShortfall,
  limitEntries,
  namespaceQuotaEntries,
  QuotaAsk,
  QuotaEntry,
} from './quotaEntries';
import { QuotaLimits } from './readQuotaLimits';

/** Where a workspace runs and who starts it, for its quotas. */
export interface QuotaTarget {
  projectRef: string;
  namespace: string;
  cluster?: string;
  /** The creator of the workspace: per-user limits are theirs. */
  userRef: string;
}

/**
 * Checks a start against the namespace's ResourceQuotas and the configured
 * per-project and per-user limits before anything is applied, so a start
 * that would not fit is refused with the quota named, instead of a pod that
 * fails later.
 */
export class QuotaService {
  /** Reads of a namespace's quotas under way, by cluster and namespace. */
  private readonly reading = new Map<
    string,
    ReturnType<QuotaService['readNamespaceQuotas']>
  >();

  constructor(
    private readonly options: {
      store: WorkspaceStore;
      limits: QuotaLimits;
      buildingBlocks: BuildingBlockCatalog;
      runtime?: WorkspaceRuntime;
      logger: LoggerService;
    },
  ) {}

  /** Every limit that applies to workspaces of a project started by a user. */
  async entries(
    target: QuotaTarget,
    excludeId?: string,
  ): Promise<QuotaEntry[]> {
    const { store, limits } = this.options;
    const projectLimits =
      limits.projects[target.projectRef] ?? limits.perProject;
    const projectKey =
      target.projectRef in limits.projects
        ? `workspaces.quotas.projects["${target.projectRef}"]`
        : 'workspaces.quotas.perProject';
    const [namespaceQuotas, used] = await Promise.all([
      this.sharedNamespaceQuotas(target),
      store.sumRunning(
        { projectRef: target.projectRef, createdBy: target.userRef },
        excludeId,
      ),
    ]);
    const gpuNames = this.gpuResourceNames(target.projectRef);
    return [
      ...namespaceQuotaEntries(target.namespace, namespaceQuotas, gpuNames),
      ...limitEntries(
        'project',
        `the limit of project ${target.projectRef} (${projectKey})`,
        projectLimits,
        used.project,
      ),
      ...limitEntries(
        'user',
        `the limit of ${target.userRef} (workspaces.quotas.perUser)`,
        limits.perUser,
        used.user,
      ),
    ];
  }

  /**
   * Throws a ConflictError naming the quota, the amount asked, used and the
   * limit, if a workspace with these resources would not fit.
   */
  async check(
    target: QuotaTarget,
    workspace: {
      id?: string;
      computePresetId: string;
      resources: RequestedResources;
    },
  ): Promise<void> {
    const entries = await this.entries(target, workspace.id);
    const shortfall = findQuotaShortfall(
      this.ask(target.projectRef, workspace),
      entries,
    );
    if (shortfall) {
      throw new ConflictError(describeShortfall(shortfall));
    }
  }

  private ask(
    projectRef: string,
    workspace: { computePresetId: string; resources: RequestedResources },
  ): QuotaAsk {
    const preset = this.preset(projectRef, workspace.computePresetId);
    const { cpuMillicores, memoryBytes } = workspace.resources;
    // the same limits as the manifests: never below the request
    const cpuLimit = preset?.cpu.limit && parseQuantity(preset.cpu.limit);
    const memoryLimit =
      preset?.memory.limit && parseQuantity(preset.memory.limit);
    return {
      ...workspace.resources,
      gpuResourceName: preset?.gpu?.resourceName ?? DEFAULT_GPU_RESOURCE_NAME,
      cpuLimitMillicores: cpuLimit
        ? Math.max(Math.round(cpuLimit * 1000), cpuMillicores)
        : undefined,
      memoryLimitBytes: memoryLimit
        ? Math.max(memoryLimit, memoryBytes)
        : memoryBytes,
    };
  }

  private preset(
    projectRef: string,
    id: string,
  ): WorkspaceComputePreset | undefined {
    return this.options.buildingBlocks
      .forProject(projectRef)
      .computePresets.find(p => p.id === id);
  }

  private gpuResourceNames(projectRef: string): string[] {
    const names = new Set([DEFAULT_GPU_RESOURCE_NAME]);
    for (const preset of this.options.buildingBlocks.forProject(projectRef)
      .computePresets) {
      if (preset.gpu?.resourceName) names.add(preset.gpu.resourceName);
    }
    return [...names];
  }

  /**
   * The namespace's quotas, read once for the checks that ask while a read
   * is under way: many starts in a project at once cost the API server a
   * few lists, not one each. A check joins a read only while it is in
   * flight, never a finished one: what it sees is older than its own read
   * would be by less than one read's time.
   */
  private sharedNamespaceQuotas(target: QuotaTarget) {
    const key = `${target.cluster ?? ''}/${target.namespace}`;
    let read = this.reading.get(key);
    if (!read) {
      read = this.readNamespaceQuotas(target).finally(() =>
        this.reading.delete(key),
      );
      this.reading.set(key, read);
    }
    return read;
  }

  /**
   * The namespace's quotas; none when they can't be read (the cluster's own
   * admission still enforces them, only later).
   */
  private async readNamespaceQuotas(target: QuotaTarget) {
    const runtime = this.options.runtime;
    if (!runtime?.readResourceQuotas) return [];
    try {
      return await runtime.readResourceQuotas(target);
    } catch (error) {
      this.options.logger.warn(
        `Could not read the resource quotas of namespace ${target.namespace}: ${
          (error as Error)?.message ?? error
        }`,
      );
      return [];
    }
  }
}
