import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { workspaceReadPermission } from '@backstage-workspaces/plugin-workspaces-common';
import {
  ListWorkspacesOptions,
  WorkspaceStore,
} from '../database/WorkspaceStore';
import { WorkspaceRecord } from '../model/records';
import { WorkspaceAuthorizer } from '../permissions/WorkspaceAuthorizer';
import { ProjectResolver, WorkspaceProject } from '../projects/ProjectResolver';
import { QuotaService } from '../quota/QuotaService';
import { WorkspaceAccess } from './WorkspaceAccess';

/**
 * What callers may read: workspaces (filtered by the permission framework in
 * the database), their runs and status events, a project's counts and
 * quotas. Reads never write.
 */
export class WorkspaceQueries {
  constructor(
    private readonly options: {
      store: WorkspaceStore;
      access: WorkspaceAccess;
      authorizer: WorkspaceAuthorizer;
      projects: ProjectResolver;
      quotas?: QuotaService;
    },
  ) {}

  /** A project from the catalog, as the caller may see it. */
  async project(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<WorkspaceProject> {
    return this.options.projects.resolve(ref, credentials);
  }

  get(id: string, credentials: BackstageCredentials): Promise<WorkspaceRecord> {
    return this.options.access.get(id, credentials);
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
    const project = await this.project(projectRef, credentials);
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

  /** What a project may still start, for the caller. */
  async quota(projectRef: string, credentials: BackstageCredentials) {
    const project = await this.project(projectRef, credentials);
    const caller = await this.options.access.caller(credentials);
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

  async listRuns(id: string, credentials: BackstageCredentials) {
    await this.get(id, credentials);
    return this.options.store.listRuns(id);
  }

  async listStatusEvents(id: string, credentials: BackstageCredentials) {
    await this.get(id, credentials);
    return this.options.store.listStatusEvents(id);
  }
}
