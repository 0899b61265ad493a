import { WorkspaceActivity } from '@backstage-workspaces/plugin-workspaces-node';
import { ToolType } from './ToolType';

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * JupyterLab (Jupyter Docker Stacks and Kubeflow images): told its base URL,
 * its token off (the proxy authenticates, the NetworkPolicy keeps everyone
 * else out); its last activity and busy kernels from its REST API.
 */
export const jupyterlab: ToolType = {
  servesUnderExternalPath: true,
  env: (servePath, env): Record<string, string> =>
    env.NB_PREFIX !== undefined
      ? {}
      : {
          // Kubeflow's images
          NB_PREFIX: servePath,
          // the Jupyter Docker Stacks' start script
          NOTEBOOK_ARGS: `--ServerApp.base_url=${servePath} --IdentityProvider.token=`,
        },
  async readActivity(base, get) {
    const status = await get(`${base}api/status`);
    // older servers may not list kernels; the status alone still counts
    const kernels = await get(`${base}api/kernels?no_track_activity=1`).catch(
      () => undefined,
    );
    const activity: WorkspaceActivity = {};
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
    return activity;
  },
};
