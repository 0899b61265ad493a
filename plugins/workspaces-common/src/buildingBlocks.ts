/**
 * Who may use a building block: every project, or only the listed project
 * entity refs (e.g. `system:default/vision`).
 * @public
 */
export type BuildingBlockScope =
  | { kind: 'all' }
  | { kind: 'projects'; projects: string[] };

/** Every kind of tool, for its icon and tool-specific behaviour. @public */
export const TOOL_TYPES = [
  'jupyterlab',
  'vscode',
  'tensorboard',
  'rstudio',
  'http',
] as const;

/** A tool an environment exposes, e.g. JupyterLab on port 8888. @public */
export interface WorkspaceTool {
  /** Stable id used in URLs, e.g. `jupyterlab`. */
  id: string;
  /** Kind of tool, used for the icon and tool-specific behaviour. */
  type: (typeof TOOL_TYPES)[number];
  title: string;
  /** Container port the tool listens on. */
  port: number;
  /**
   * Path the tool serves under in its container, a template with the
   * placeholders of `ingress`; the proxy maps the tool's external path onto
   * it. By default JupyterLab serves under its external path and other tools
   * under `/`.
   */
  basePath?: string;
}

/** An admin-defined image with its tools. @public */
export interface WorkspaceEnvironment {
  id: string;
  title: string;
  description?: string;
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: Record<string, string>;
  runAsUser?: number;
  runAsGroup?: number;
  tools: WorkspaceTool[];
  /**
   * Expose each tool through an Ingress, and link to it instead of the
   * backend's proxy. `host` and `path` are templates with the placeholders
   * {workspace}, {workspaceId}, {project}, {namespace} and {tool}.
   */
  ingress?: {
    host: string;
    path: string;
    className?: string;
    tlsSecretName?: string;
    /** Scheme of the links; `https` when `tlsSecretName` is set, else `http`. */
    scheme?: 'http' | 'https';
  };
  scope: BuildingBlockScope;
}

/** An inclusive range a user may pick a value from. @public */
export interface ResourceBounds {
  min: string;
  max: string;
}

/** The extended resource of GPUs unless a compute preset names another. @public */
export const DEFAULT_GPU_RESOURCE_NAME = 'nvidia.com/gpu';

/** An admin-defined set of compute resources. @public */
export interface WorkspaceComputePreset {
  id: string;
  title: string;
  description?: string;
  cpu: { request: string; limit?: string };
  memory: { request: string; limit?: string };
  gpu?: {
    count: number;
    /** Extended resource name, `nvidia.com/gpu` unless configured otherwise. */
    resourceName: string;
    nodeSelector: Record<string, string>;
  };
  /** Size of the memory-backed `/dev/shm`, e.g. for PyTorch data loaders. */
  sharedMemory?: string;
  /** What a user may change when creating a workspace from this preset. */
  overrides: {
    cpu?: ResourceBounds;
    memory?: ResourceBounds;
    gpu?: { min: number; max: number };
  };
  scope: BuildingBlockScope;
}

/** An admin-defined source of data mounted into a workspace. @public */
export type WorkspaceDataSource = {
  id: string;
  title: string;
  description?: string;
  mountPath: string;
  scope: BuildingBlockScope;
} & (
  | {
      type: 'volume';
      size: string;
      storageClassName?: string;
      accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
      /** Largest size a user may ask for instead of `size`. */
      maxSize?: string;
      /** Keep the volume claim when the workspace is deleted. */
      retain: boolean;
    }
  | { type: 'git'; repository: string; branch?: string; path?: string }
  | { type: 'pvc'; name: string; readOnly: boolean }
  | { type: 'configMap'; name: string }
  | { type: 'secret'; name: string }
  | { type: 'nfs'; server: string; path: string; readOnly: boolean }
  | {
      /**
       * Fast temporary space: a volume claim of `size` created with each run
       * (a generic ephemeral volume) and gone when the workspace stops.
       */
      type: 'scratch';
      size: string;
      storageClassName?: string;
    }
);

/**
 * A credential given to the workspaces that use its environments or data
 * sources: what it is for, never its Secret or value. @public
 */
export interface WorkspaceCredentialInfo {
  id: string;
  title: string;
  description?: string;
  /** registry: image pull secret; git: the clone's token or SSH key; secret: env vars or files. */
  type: 'registry' | 'git' | 'secret';
  /** Ids of the environments that get it (registry, secret). */
  environments: string[];
  /** Ids of the git data sources that clone with it (git). */
  dataSources: string[];
}

/** The building blocks available to one project. @public */
export interface WorkspaceBuildingBlocks {
  environments: WorkspaceEnvironment[];
  computePresets: WorkspaceComputePreset[];
  dataSources: WorkspaceDataSource[];
  /** The credentials the project's workspaces get; absent when there are none. */
  credentials?: WorkspaceCredentialInfo[];
}
