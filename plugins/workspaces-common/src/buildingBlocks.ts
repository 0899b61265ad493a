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
  /**
   * Lets users run an image of their own in place of `image`, from one of
   * these registries (e.g. `registry.example.com` or `ghcr.io/acme`).
   */
  customImage?: { allowedRegistries: string[] };
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
  /**
   * Where the environment is in its life: absent while current;
   * `deprecated` is still offered and startable, with a warning;
   * `hidden` is no longer offered for new workspaces, while the workspaces
   * that use it keep working.
   */
  lifecycle?: EnvironmentLifecycle;
  /**
   * The id of the environment that replaces it: a stopped workspace on this
   * one is offered an update to it (same volumes).
   */
  replacedBy?: string;
}

/** The stages of an environment's life after it is current. @public */
export const ENVIRONMENT_LIFECYCLES = ['deprecated', 'hidden'] as const;

/** A stage of an environment's life; see {@link WorkspaceEnvironment}. @public */
export type EnvironmentLifecycle = (typeof ENVIRONMENT_LIFECYCLES)[number];

/** An inclusive range a user may pick a value from. @public */
export interface ResourceBounds {
  min: string;
  max: string;
}

/** The extended resource of GPUs unless a compute preset names another. @public */
export const DEFAULT_GPU_RESOURCE_NAME = 'nvidia.com/gpu';

/** A requirement on node labels, as in Kubernetes' NodeSelectorRequirement. @public */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** Node requirements that must all hold, as in Kubernetes' NodeSelectorTerm. @public */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/**
 * Where and how a compute preset's pods are scheduled, in the field names
 * of a Kubernetes pod spec. Empty maps and lists when the admin set none.
 * @public
 */
export interface WorkspaceScheduling {
  /** Node labels the pod needs, merged with the GPU's `nodeSelector`. */
  nodeSelector: Record<string, string>;
  /** Added to the toleration of the GPU resource a GPU preset has. */
  tolerations: Array<{
    key?: string;
    operator?: 'Exists' | 'Equal';
    value?: string;
    effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
    tolerationSeconds?: number;
  }>;
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: {
      nodeSelectorTerms: NodeSelectorTerm[];
    };
    preferredDuringSchedulingIgnoredDuringExecution?: Array<{
      weight: number;
      preference: NodeSelectorTerm;
    }>;
  };
  priorityClassName?: string;
  schedulerName?: string;
  runtimeClassName?: string;
  /**
   * Spread of the pods over nodes or zones; without a `labelSelector` the
   * constraint counts every workspace pod.
   */
  topologySpreadConstraints: Array<{
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
    labelSelector?: { matchLabels: Record<string, string> };
  }>;
  /** Extra labels of the pod, e.g. a GPU-sharing scheduler's queue. */
  podLabels: Record<string, string>;
  /** Extra annotations of the pod, e.g. a GPU fraction or MIG profile. */
  podAnnotations: Record<string, string>;
}

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
  /**
   * What the GPU is, for people, e.g. `0.5 of an A100` when a GPU-sharing
   * scheduler hands out fractions; shown in the create stepper.
   */
  gpuDescription?: string;
  /** Where and how the pod is scheduled, beyond its resources. */
  scheduling?: WorkspaceScheduling;
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
