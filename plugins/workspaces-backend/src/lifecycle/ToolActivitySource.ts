import {
  WorkspaceActivity,
  WorkspaceActivitySource,
  WorkspaceActivityTarget,
  WorkspaceRuntime,
} from '@backstage-workspaces/plugin-workspaces-node';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { ToolAddressing } from '../tools/toolAddressing';
import { toolServePath } from '../tools/toolPaths';
import { toolTypes } from '../tools/toolTypes';

/**
 * The tools' own view of their use, for the tool types that report it (e.g.
 * JupyterLab's `/api/status` and `/api/kernels`, read with
 * `no_track_activity` so that the check itself does not count as use), read
 * from the pod through the cluster like the tool proxy reaches it. The
 * latest activity of a workspace's tools counts; one busy tool keeps it busy.
 */
export class ToolActivitySource implements WorkspaceActivitySource {
  readonly name = 'tools';

  constructor(
    private readonly options: {
      buildingBlocks: BuildingBlockCatalog;
      runtime?: WorkspaceRuntime;
      /** How browsers reach the tools (some serve under their path). */
      toolAddressing: ToolAddressing;
      timeoutMs?: number;
    },
  ) {}

  async readActivity(
    workspace: WorkspaceActivityTarget,
  ): Promise<WorkspaceActivity | undefined> {
    const environment = this.options.buildingBlocks
      .forProject(workspace.projectRef)
      .environments.find(e => e.id === workspace.environmentId);
    const tools =
      environment?.tools.filter(tool => toolTypes[tool.type].readActivity) ??
      [];
    if (!environment || tools.length === 0) return undefined;
    const host = await this.options.runtime?.findToolHost?.(workspace);
    if (!host) return undefined;

    const activity: WorkspaceActivity = {};
    for (const tool of tools) {
      const base = `http://${host.includes(':') ? `[${host}]` : host}:${
        tool.port
      }${toolServePath(
        workspace,
        environment,
        tool,
        this.options.toolAddressing,
      )}`;
      const own = await toolTypes[tool.type].readActivity!(base, url =>
        this.get(url),
      );
      if (
        own?.lastActiveAt &&
        (!activity.lastActiveAt || own.lastActiveAt > activity.lastActiveAt)
      ) {
        activity.lastActiveAt = own.lastActiveAt;
      }
      if (own?.busy) {
        activity.busy = true;
      }
    }
    return activity.lastActiveAt || activity.busy ? activity : undefined;
  }

  private async get(url: string): Promise<any> {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error(
        `${url.replace(/^http:\/\/[^/]+/, '')} answered ${response.status}`,
      );
    }
    return response.json();
  }
}
