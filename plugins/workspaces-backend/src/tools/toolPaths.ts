import { parseEntityRef } from '@backstage/catalog-model';
import {
  WorkspaceEnvironment,
  WorkspaceTool,
} from '@backstage-workspaces/plugin-workspaces-common';
import { ToolAddressing } from './toolAddressing';
import { toolTypes } from './toolTypes';

/** What the tool paths depend on of a workspace. */
export interface ToolPathWorkspace {
  id: string;
  name: string;
  projectRef: string;
  namespace: string;
}

/** Placeholders of ingress templates and tool base paths. */
export const TOOL_PATH_PLACEHOLDERS = [
  'workspace',
  'workspaceId',
  'project',
  'namespace',
  'tool',
];

/**
 * Fills the placeholders {workspace}, {workspaceId}, {project}, {namespace}
 * and {tool} of an ingress host or path template or a tool's base path.
 */
export function fillToolTemplate(
  template: string,
  workspace: ToolPathWorkspace,
  tool: Pick<WorkspaceTool, 'id'>,
): string {
  const values: Record<string, string> = {
    workspace: workspace.name,
    workspaceId: workspace.id,
    project: parseEntityRef(workspace.projectRef).name,
    namespace: workspace.namespace,
    tool: tool.id,
  };
  return template.replace(
    /\{(workspace|workspaceId|project|namespace|tool)\}/g,
    (_, name: string) => values[name],
  );
}

function withTrailingSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * The path a browser opens a tool under: the environment's ingress path,
 * `/` on the tool's own host (host mode), or below the backend's connect
 * route (path mode, e.g. `/api/workspaces/connect/{id}/{tool}/`). Always
 * ends with `/`.
 */
export function externalToolPath(
  workspace: ToolPathWorkspace,
  environment: Pick<WorkspaceEnvironment, 'ingress'>,
  tool: Pick<WorkspaceTool, 'id'>,
  addressing: ToolAddressing,
): string {
  if (environment.ingress) {
    return withTrailingSlash(
      fillToolTemplate(environment.ingress.path, workspace, tool),
    );
  }
  if (addressing.mode === 'host') {
    return '/';
  }
  return `${addressing.connectBasePath}/${workspace.id}/${tool.id}/`;
}

/**
 * The path a tool serves under in its container; the proxy maps the
 * external path onto it. A type that serves under its external path
 * (JupyterLab) is told it; the others serve at `/` and use relative links. A
 * tool's `basePath` overrides either. Always ends with `/`.
 */
export function toolServePath(
  workspace: ToolPathWorkspace,
  environment: Pick<WorkspaceEnvironment, 'ingress'>,
  tool: Pick<WorkspaceTool, 'id' | 'type' | 'basePath'>,
  addressing: ToolAddressing,
): string {
  if (tool.basePath) {
    return withTrailingSlash(fillToolTemplate(tool.basePath, workspace, tool));
  }
  return toolTypes[tool.type].servesUnderExternalPath
    ? externalToolPath(workspace, environment, tool, addressing)
    : '/';
}

/** The env var that tells a workspace container a tool's serve path, e.g. TOOL_JUPYTERLAB_BASE_PATH. */
export function toolBasePathEnvName(tool: Pick<WorkspaceTool, 'id'>): string {
  return `TOOL_${tool.id.toUpperCase().replace(/-/g, '_')}_BASE_PATH`;
}

/** The URL of a tool behind the environment's Ingress. */
export function ingressToolUrl(
  workspace: ToolPathWorkspace,
  environment: Pick<WorkspaceEnvironment, 'ingress'>,
  tool: Pick<WorkspaceTool, 'id'>,
): string | undefined {
  const ingress = environment.ingress;
  if (!ingress) {
    return undefined;
  }
  const scheme = ingress.scheme ?? (ingress.tlsSecretName ? 'https' : 'http');
  const host = fillToolTemplate(ingress.host, workspace, tool);
  return `${scheme}://${host}${withTrailingSlash(
    fillToolTemplate(ingress.path, workspace, tool),
  )}`;
}
