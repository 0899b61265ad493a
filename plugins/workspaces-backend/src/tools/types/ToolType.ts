import { WorkspaceActivity } from '@backstage-workspaces/plugin-workspaces-node';

/** A JSON GET of the tool's own API, with a timeout; throws unless 2xx. */
export type ToolApiGet = (url: string) => Promise<any>;

/**
 * One kind of tool: where it serves in its container, what the manifests
 * tell it, what the proxy adds to its requests, and the activity it reports.
 * One module per type in this folder, registered in `../toolTypes.ts`.
 */
export interface ToolType {
  /**
   * Serves under the path the browser sees (told by `env`), so its absolute
   * links work; otherwise at `/`, with relative links.
   */
  servesUnderExternalPath: boolean;
  /**
   * Env vars that tell the container where to serve, given the env the
   * other tools of the environment got so far (an image serves one of a type).
   */
  env?(servePath: string, env: Record<string, string>): Record<string, string>;
  /** Headers the proxy adds to every request to the tool. */
  proxyHeaders?(externalPath: string): Record<string, string>;
  /**
   * The tool's own activity, read from its API at `base` (its serve path on
   * the pod's address), for the idle auto-stop.
   */
  readActivity?(
    base: string,
    get: ToolApiGet,
  ): Promise<WorkspaceActivity | undefined>;
}
