import { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Where browsers reach workspace tools through the backend:
 *
 * - `host` (the default): every tool of every workspace on an origin of its
 *   own, a host of a wildcard name served by the backend's tool listener,
 *   so that a tool page (whatever its workspace serves) shares no origin
 *   with the portal, the backend or another workspace;
 * - `path` (opt-in): under the backend's own origin, at
 *   `/api/workspaces/connect/{id}/{tool}/`, where a tool page's scripts are
 *   same-origin with Backstage.
 */
export type ToolAddressing =
  | {
      mode: 'host';
      /** A URL template with {tool} and {workspace} or {workspaceId} in its host. */
      urlTemplate: string;
    }
  | {
      mode: 'path';
      /** The path of the proxy as browsers see it, e.g. `/api/workspaces/connect`. */
      connectBasePath: string;
    };

/** The tool listener of host mode. */
export interface ToolListenOptions {
  host: string;
  port: number;
}

export interface ToolsConfig {
  mode: 'host' | 'path';
  /** host mode: the URL template, `{listenPort}` not yet filled in. */
  urlTemplate: string;
  listen: ToolListenOptions;
}

/** Where the tools are, for the manifests and the activity sources. */
export function toolAddressingOf(
  tools: ToolsConfig,
  externalBaseUrl: string,
): ToolAddressing {
  return tools.mode === 'host'
    ? { mode: 'host', urlTemplate: tools.urlTemplate }
    : {
        mode: 'path',
        connectBasePath: `${new URL(externalBaseUrl).pathname.replace(
          /\/$/,
          '',
        )}/connect`,
      };
}

/** The placeholders of a tool URL template. */
const PLACEHOLDERS = [
  'tool',
  'workspace',
  'workspaceId',
  'project',
  'namespace',
  'listenPort',
];
const placeholder = /\{([A-Za-z]+)\}/g;

function isLocalHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\./.test(hostname) ||
    hostname === '[::1]'
  );
}

/**
 * Reads `workspaces.tools`, checked at start: a wrong value names its key.
 * Without a URL template, a backend on localhost serves its tools at
 * `http://{tool}--{workspace}--{project}.tools.localhost:{listenPort}`
 * (browsers resolve every `*.localhost` to loopback); any other backend must
 * say where its wildcard host name is.
 */
export function readToolsConfig(
  config: Config,
  backendBaseUrl: string,
): ToolsConfig {
  const tools = config.getOptionalConfig('workspaces.tools');
  const mode = tools?.getOptionalString('mode') ?? 'host';
  if (mode !== 'host' && mode !== 'path') {
    throw new Error(
      `workspaces.tools.mode must be "host" or "path", not "${mode}"`,
    );
  }
  const port = tools?.getOptionalNumber('listen.port') ?? 7008;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `workspaces.tools.listen.port must be a port number (0 for a free one), not ${port}`,
    );
  }
  const listen = {
    host: tools?.getOptionalString('listen.host') ?? '',
    port,
  };
  const configured = tools?.getOptionalString('baseUrl');
  if (mode === 'path') {
    return { mode, urlTemplate: configured ?? '', listen };
  }
  const backend = new URL(backendBaseUrl);
  if (!configured && !isLocalHost(backend.hostname)) {
    throw new Error(
      'workspaces.tools.baseUrl is required: tools are served on origins of their own, ' +
        'e.g. https://{tool}--{workspace}--{project}.tools.example.com (a wildcard DNS name and ' +
        'certificate to the tool listener, workspaces.tools.listen.port); see the backend README. ' +
        'workspaces.tools.mode: path serves them on the backend origin instead, which lets a tool ' +
        'page act as its visitor in Backstage',
    );
  }
  const urlTemplate =
    configured ??
    `${backend.protocol}//{tool}--{workspace}--{project}.tools.localhost:{listenPort}`;
  checkTemplate(urlTemplate);
  return { mode, urlTemplate, listen };
}

function checkTemplate(template: string) {
  const key = 'workspaces.tools.baseUrl';
  for (const [, name] of template.matchAll(placeholder)) {
    if (!PLACEHOLDERS.includes(name)) {
      throw new Error(
        `${key} has an unknown placeholder {${name}}; the placeholders are ${PLACEHOLDERS.map(
          p => `{${p}}`,
        ).join(', ')}`,
      );
    }
  }
  let url: URL;
  try {
    url = new URL(
      template.replace(placeholder, (_, name) =>
        name === 'listenPort' ? '7008' : 'x',
      ),
    );
  } catch {
    throw new Error(
      `${key} must be an absolute http(s) URL template: ${template}`,
    );
  }
  const hostPart = template.split('//')[1]?.split(/[/:]/)[0] ?? '';
  if (
    !['http:', 'https:'].includes(url.protocol) ||
    url.pathname !== '/' ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `${key} must be an http(s) origin template without a path, query or fragment: ${template}`,
    );
  }
  if (
    !hostPart.includes('{tool}') ||
    !(hostPart.includes('{workspace}') || hostPart.includes('{workspaceId}'))
  ) {
    throw new Error(
      `${key} must give every workspace tool a host of its own: its host needs {tool} and {workspace} (or {workspaceId}), e.g. https://{tool}--{workspace}--{project}.tools.example.com`,
    );
  }
}

/** What a tool's host depends on of a workspace. */
export interface ToolHostWorkspace {
  id: string;
  name: string;
  projectRef: string;
  namespace: string;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The origin of a workspace's tool in host mode. Each DNS label of the host
 * is lowercased with other characters turned into `-`; a label that is then
 * longer than 63 characters (long names) becomes `{tool}--{workspaceId}`,
 * which is always short enough and still unique.
 */
export function toolOrigin(
  urlTemplate: string,
  listenPort: number,
  workspace: ToolHostWorkspace,
  tool: { id: string },
): string {
  const values: Record<string, string> = {
    tool: tool.id,
    workspace: workspace.name,
    workspaceId: workspace.id,
    project: parseEntityRef(workspace.projectRef).name,
    namespace: workspace.namespace,
    listenPort: String(listenPort),
  };
  const [scheme, rest] = urlTemplate.split('//');
  const hostEnd = rest.search(/[/:]/);
  const hostTemplate = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  const after = hostEnd < 0 ? '' : rest.slice(hostEnd);
  const host = hostTemplate
    .split('.')
    .map(labelTemplate => {
      const label = labelTemplate
        .replace(placeholder, (_, name) => values[name])
        .toLocaleLowerCase('en-US')
        .replace(/[^a-z0-9-]/g, '-');
      if (DNS_LABEL.test(label) || !labelTemplate.includes('{')) {
        return label;
      }
      return `${tool.id}--${workspace.id}`.toLocaleLowerCase('en-US');
    })
    .join('.');
  const tail = after.replace(placeholder, (_, name) => values[name] ?? '');
  return new URL(`${scheme}//${host}${tail}`).origin;
}
