import { WorkspacesApiOnBehalf } from '../api/WorkspacesApiOnBehalf';

/** What every workspaces action is built with. */
export interface WorkspacesActionOptions {
  api: WorkspacesApiOnBehalf;
  /** The app's base URL, for the link to a workspace's details page. */
  appBaseUrl: string;
  /** How often to look at a workspace while waiting; 2 s unless a test says otherwise. */
  pollIntervalMs?: number;
}

/** The Workspaces page route of the frontend plugin, with a workspace's details. */
export function workspaceUrl(appBaseUrl: string, workspaceId: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/workspaces/${encodeURIComponent(
    workspaceId,
  )}`;
}

export const DEFAULT_POLL_INTERVAL_MS = 2000;
export const DEFAULT_TIMEOUT_SECONDS = 600;
