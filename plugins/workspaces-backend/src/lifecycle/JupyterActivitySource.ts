import {
  WorkspaceActivity,
  WorkspaceActivitySource,
  WorkspaceActivityTarget,
  WorkspaceRuntime,
} from '@backstage-workspaces/plugin-workspaces-node';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { ToolAddressing } from '../tools/toolAddressing';
import { toolServePath } from '../tools/toolPaths';

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * JupyterLab's own view of its use, read from the pod through the cluster
 * like the tool proxy reaches it: `/api/status` (last activity of kernels,
 * terminals and the UI) and `/api/kernels` (a kernel executing is busy).
 * The kernels are read with `no_track_activity`, so the check itself does
 * not count as use.
 */
export class JupyterActivitySource implements WorkspaceActivitySource {
  readonly name = 'jupyterlab';

  constructor(
    private readonly options: {
      buildingBlocks: BuildingBlockCatalog;
      runtime?: WorkspaceRuntime;
      /** How browsers reach the tools (JupyterLab serves under their path). */
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
      environment?.tools.filter(tool => tool.type === 'jupyterlab') ?? [];
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
      const status = await this.get(`${base}api/status`);
      // older servers may not list kernels; the status alone still counts
      const kernels = await this.get(
        `${base}api/kernels?no_track_activity=1`,
      ).catch(() => undefined);
      const times = [
        parseTime(status?.last_activity),
        ...(Array.isArray(kernels)
          ? kernels.map(kernel => parseTime(kernel?.last_activity))
          : []),
      ].filter((time): time is Date => Boolean(time));
      for (const time of times) {
        if (!activity.lastActiveAt || time > activity.lastActiveAt) {
          activity.lastActiveAt = time;
        }
      }
      if (
        Array.isArray(kernels) &&
        kernels.some(kernel => kernel?.execution_state === 'busy')
      ) {
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
