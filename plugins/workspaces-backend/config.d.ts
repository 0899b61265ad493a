/** Node requirements that must all hold, as Kubernetes' NodeSelectorTerm. */
interface NodeSelectorTermConfig {
  matchExpressions?: NodeSelectorRequirementConfig[];
  matchFields?: NodeSelectorRequirementConfig[];
}

/** A requirement on node labels (or fields), as Kubernetes' NodeSelectorRequirement. */
interface NodeSelectorRequirementConfig {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /** In, NotIn: one or more; Gt, Lt: one whole number; else none. */
  values?: string[];
}

export interface Config {
  /** Configuration of the Workspaces plugin. */
  workspaces?: {
    /**
     * Entity refs of the groups (or users) whose members may update and
     * delete every workspace, e.g. `group:default/platform-admins`.
     */
    admins?: string[];

    /**
     * Key that encrypts the values of secret env vars in the database. Any
     * long random string; without it, secret env vars are refused.
     * @visibility secret
     */
    encryptionKey?: string;

    /** How workspaces run on the clusters of `kubernetes.clusterLocatorMethods`. */
    kubernetes?: {
      /**
       * Local development only: also run workspaces on the cluster of this
       * kubeconfig file's current context (Backstage's Kubernetes plugin does
       * not read it).
       */
      kubeconfig?: string;
      /** Image of the init container that clones git data sources. Default alpine/git:2.47.2. */
      gitCloneImage?: string;
      /**
       * NetworkPolicy peers that may reach the tool ports (the backend's or
       * the ingress controller's pods). Default: namespaces labelled
       * workspaces.backstage.io/ingress=true.
       */
      allowIngressFrom?: Array<{ [key: string]: any }>;
      /** A start that is not Running after this long fails and gives its pod back. Default 15. */
      startTimeoutMinutes?: number;
      /**
       * How often every workspace is reconciled, repairing drift. Default 30.
       * A settled workspace costs a sweep nothing, and a start whose full
       * pass is younger than this waits for the next sweep (its pod is
       * watched).
       */
      sweepIntervalSeconds?: number;
      /**
       * How long an object seen as applied is trusted without reading it
       * back: changes made by hand are repaired within this time. Default 300.
       */
      driftCheckIntervalSeconds?: number;
      /** Annotations of every workspace pod, e.g. for a service mesh. */
      podAnnotations?: { [name: string]: string };
      /**
       * What a stopped workspace keeps in the cluster. Default false: only
       * its volume claims (its StatefulSet goes, and with it its pod,
       * Secret, NetworkPolicy and ingresses; a start creates them anew, 2 to
       * 3 writes). True: also the StatefulSet at 0 replicas and what it
       * owns, so a start is 1 write, for 3 to 4 more objects per stopped
       * workspace (see docs/benchmarks.md, "Stopped workspaces").
       */
      keepWorkloadWhenStopped?: boolean;
      /**
       * What runs a workspace's pod. Default `StatefulSet`: a StatefulSet of
       * at most one pod, made by the controller-manager, whose client rate
       * (20 writes a second by default) paces a burst of starts. `Pod`: the
       * backend creates the pod itself and deletes it at a stop, as
       * JupyterHub's KubeSpawner does (one write each), and keeps the
       * NetworkPolicy while stopped; no controller's client rate paces a
       * burst of starts (docs/benchmarks.md). A quota's refusal is tried
       * again at each sweep. Not with keepWorkloadWhenStopped. Change it
       * while the workspaces are stopped.
       */
      workload?: 'StatefulSet' | 'Pod';
    };

    /**
     * Lifecycle policies: automatic stops of idle or long-running
     * workspaces, with a warning first, keep-alives and per-workspace
     * schedules. Thresholds left out mean no such stop.
     */
    lifecycle?: {
      /** Run the policy engine at all. Default true. */
      enabled?: boolean;
      /** How often the policy engine runs (one replica at a time). Default 60. */
      intervalSeconds?: number;
      /** The creator is warned this long before an automatic stop. Default 15. */
      warningMinutes?: number;
      /** Read the tools' own activity (JupyterLab /api/status and kernels). Default true. */
      toolActivity?: boolean;
      keepAlive?: {
        /** How far one keep-alive postpones a stop. Default 60. */
        extensionMinutes?: number;
        /** Keep-alives per run. Default 2. */
        maxPerRun?: number;
      };
      /** Thresholds of all workspaces; minimumRuntimeMinutes defaults to 30. */
      defaults?: LifecycleThresholds;
      /** Thresholds by environment id, over the defaults. */
      environments?: { [environmentId: string]: LifecycleThresholds };
      /** Thresholds by compute preset id, over the environment's and the defaults. */
      computePresets?: { [presetId: string]: LifecycleThresholds };
      /** Limits of the workspaces' own schedules. */
      schedules?: {
        /** Let users set schedules. Default true. */
        enabled?: boolean;
        /** Let schedules start workspaces (not only stop them). Default true. */
        allowStart?: boolean;
        /** Time zone of schedules that name none. Default UTC. */
        defaultTimeZone?: string;
        /** Longest daily run from a scheduled start to its stop. Default 14. */
        maxWindowHours?: number;
      };
    };

    /**
     * Dormancy, off unless configured: a workspace stopped (and not kept
     * alive) for `warnAfterDays` is warned (a notification to its creator);
     * `deleteAfterDays` after the warning, never sooner (even if this config
     * changes or the backend was down), its volumes are deleted, or the
     * whole workspace with `delete: workspace`. A deletion always follows a
     * recorded warning. Starting the workspace, or keeping it alive from its
     * page (POST .../keep-alive), restarts the clock. Deleting volumes
     * removes the claims a delete of the workspace would remove (volumes
     * whose data source has `retain: true` stay); the workspace stays,
     * Stopped, saying its data was removed, and its next start creates new
     * empty volumes.
     */
    dormancy?: {
      /** Days stopped before the warning. Required. */
      warnAfterDays: number;
      /** Days from the warning to the deletion. Required. */
      deleteAfterDays: number;
      /** What is deleted: the volumes (default) or the whole workspace. */
      delete?: 'volumes' | 'workspace';
      /**
       * Only the workspaces of these projects (entity refs, e.g.
       * system:default/vision); without it, every project.
       */
      projects?: string[];
      /** How often the dormancy runner looks (one replica at a time). Default 3600. */
      intervalSeconds?: number;
    };

    /**
     * Backstage notifications to a workspace's creator, besides the warnings
     * of automatic stops (see `lifecycle`): a failed run is always told, with
     * its reason and a link to the workspace's page.
     */
    notifications?: {
      /**
       * A start that took at least this many seconds, from the run's start
       * to Running, is told once the workspace runs. 0: never. Default 120.
       */
      slowStartSeconds?: number;
    };

    /**
     * Limits on what runs at once, checked (with the namespace's
     * ResourceQuotas) before a create or start; none when absent.
     */
    quotas?: {
      /** Every project's limit, unless listed under projects. */
      perProject?: RunningLimits;
      /** Every user's limit, over the workspaces they created. */
      perUser?: RunningLimits;
      /** Limits of named projects (entity refs such as system:default/vision). */
      projects?: { [projectRef: string]: RunningLimits };
    };

    /**
     * Where browsers reach the workspace tools (environments without an
     * `ingress`): each tool of each workspace on a host of its own (the
     * default), or under the backend's origin (unsafe, opt-in).
     */
    tools?: {
      /**
       * `host` (default): every workspace tool on an origin of its own, so a
       * tool page shares nothing with the portal or other workspaces.
       * `path`: under `/api/workspaces/connect/{id}/{tool}/` of the backend's
       * origin, where a tool page can act as its visitor in Backstage; the
       * backend warns at start.
       */
      mode?: 'host' | 'path';
      /**
       * Host mode: the tools' origin, a URL template whose host has {tool}
       * and {workspace} (or {workspaceId}), and may have {project},
       * {namespace} and {listenPort}; a wildcard DNS name (and TLS
       * certificate) to the tool listener, e.g.
       * `https://{tool}--{workspace}--{project}.tools.example.com`. Required
       * unless the backend is on localhost, where it defaults to
       * `http://{tool}--{workspace}--{project}.tools.localhost:{listenPort}`.
       */
      baseUrl?: string;
      /** Host mode: the tool listener, apart from Backstage's. */
      listen?: {
        /** Default: every address. */
        host?: string;
        /** Default 7008; 0 picks a free port (see {listenPort}). */
        port?: number;
      };
    };

    /**
     * Who is assigned to each project is copied from the catalog (its owner
     * and `workspaces.backstage.io/members`, groups expanded to their users)
     * this often. A user removed from a project loses its workspaces, and
     * their open tool sessions are cut, within this many seconds plus 10
     * after the catalog has processed the change. Default 15.
     */
    membership?: {
      syncIntervalSeconds?: number;
    };

    /** Connections to workspace tools through the backend's proxy. */
    connect?: {
      /** A session ends after this long without a request. Default 60. */
      idleTimeoutMinutes?: number;
      /** A session ends this long after it began, used or not. Default 720 (12 hours). */
      maxSessionMinutes?: number;
      /** Last activity is written at most this often per workspace. Default 60. */
      activityIntervalSeconds?: number;
    };

    /** Images with their tools that a workspace can run. */
    environments?: Array<{
      /** Unique id, a DNS-1123 label, e.g. `jupyterlab`. */
      id: string;
      title: string;
      description?: string;
      /** Container image, e.g. `quay.io/jupyter/scipy-notebook:2025-03-14`. */
      image: string;
      /** Defaults to `IfNotPresent`. */
      imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
      command?: string[];
      args?: string[];
      workingDir?: string;
      /** Environment variables set in the workspace container. */
      env?: { [name: string]: string };
      /** User and group id the container runs as (non-root unless stated). */
      runAsUser?: number;
      runAsGroup?: number;
      /**
       * Lets users run an image of their own in place of `image` (the
       * create and update requests' `image`): a proper image reference, at
       * most 512 characters, without spaces or shell characters, from one of
       * these registries; anything else gets a 400 naming the field `image`.
       */
      customImage?: {
        /**
         * Registries (`registry.example.com`, `localhost:5000`, `docker.io`
         * for Docker Hub), optionally with a path that allows images below
         * it only (`ghcr.io/acme`).
         */
        allowedRegistries: string[];
      };
      tools: Array<{
        /** Unique within the environment, used in URLs, e.g. `jupyterlab`. */
        id: string;
        type: 'jupyterlab' | 'vscode' | 'tensorboard' | 'rstudio' | 'http';
        title: string;
        port: number;
        /**
         * Path the tool serves under in its container, a template with the
         * placeholders of `ingress`; the proxy maps the tool's external path
         * onto it. Default: JupyterLab serves under its external path (the
         * manifests set NB_PREFIX and --ServerApp.base_url), other tools
         * under '/'.
         */
        basePath?: string;
      }>;
      /**
       * Expose each tool through an Ingress, and link users to it instead of
       * the backend's proxy. host and path are templates with the
       * placeholders {workspace}, {workspaceId}, {project}, {namespace} and
       * {tool}, e.g. host '{tool}-{workspace}-{project}.workspaces.example.com'.
       * The Ingress does not authenticate: protect it at the ingress
       * controller (e.g. oauth2-proxy).
       */
      ingress?: {
        host: string;
        /** Defaults to '/'. */
        path?: string;
        className?: string;
        tlsSecretName?: string;
        /** Scheme of the links. Default https with tlsSecretName, else http. */
        scheme?: 'http' | 'https';
      };
      /** Entity refs of the projects that may use it; all projects when absent. */
      projects?: string[];
      /**
       * Where the environment is in its life. `active` (the default);
       * `deprecated`: still offered and startable, shown with a warning
       * (and its `replacedBy`) in the create stepper and on the workspaces
       * that use it; `hidden`: no longer offered for new workspaces (a
       * create with it gets a 400 naming `environment`), while the
       * workspaces that use it keep working.
       */
      lifecycle?: 'active' | 'deprecated' | 'hidden';
      /**
       * The id of the environment that replaces this one: a stopped
       * workspace on this one offers "Update to" it, keeping its volumes.
       * It must be an environment of the same list, not hidden, offered to
       * every project this one is, and replacements must not form a cycle.
       */
      replacedBy?: string;
    }>;

    /** CPU, memory and GPU sizes a workspace can run with. */
    computePresets?: Array<{
      /** Unique id, a DNS-1123 label, e.g. `gpu-1`. */
      id: string;
      title: string;
      description?: string;
      cpu: { request: string; limit?: string };
      memory: { request: string; limit?: string };
      gpu?: {
        count: number;
        /** Defaults to `nvidia.com/gpu`. */
        resourceName?: string;
        nodeSelector?: { [label: string]: string };
      };
      /** Size of the memory-backed /dev/shm, e.g. `8Gi`. */
      sharedMemory?: string;
      /**
       * What the GPU is, for people, shown in the create stepper, e.g.
       * `0.5 of an A100` (with the scheduler, when `scheduling.schedulerName` is set).
       */
      gpuDescription?: string;
      /**
       * Where and how the pods of this preset are scheduled, in the field
       * names of a Kubernetes pod spec; checked at start, a wrong value
       * names its key. With a GPU-sharing scheduler (HAMi, Run:ai, KAI), set
       * its `schedulerName` and ask for a fraction or MIG profile through
       * `gpu.resourceName` or `podAnnotations`.
       */
      scheduling?: {
        /** Node labels the pod needs; merged with `gpu.nodeSelector`, which it may not contradict. */
        nodeSelector?: { [label: string]: string };
        /** Taints the pod tolerates, besides the GPU resource's NoSchedule taint on GPU workspaces. */
        tolerations?: Array<{
          /** Empty (with operator Exists) tolerates every taint. */
          key?: string;
          /** Defaults to Equal. */
          operator?: 'Exists' | 'Equal';
          value?: string;
          /** Every effect when absent. */
          effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
          /** NoExecute only: how long the pod stays on a node tainted later. */
          tolerationSeconds?: number;
        }>;
        /** As a pod's `affinity.nodeAffinity`. */
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: {
            nodeSelectorTerms: NodeSelectorTermConfig[];
          };
          preferredDuringSchedulingIgnoredDuringExecution?: Array<{
            /** 1 to 100. */
            weight: number;
            preference: NodeSelectorTermConfig;
          }>;
        };
        /** A PriorityClass of the cluster. */
        priorityClassName?: string;
        /** The scheduler of the pod; the cluster's default when absent. */
        schedulerName?: string;
        /** A RuntimeClass of the cluster, e.g. `nvidia`. */
        runtimeClassName?: string;
        /** As a pod's; without `labelSelector` a constraint counts every workspace pod. */
        topologySpreadConstraints?: Array<{
          maxSkew: number;
          topologyKey: string;
          whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
          labelSelector?: { matchLabels: { [label: string]: string } };
        }>;
        /** Extra pod labels; never the plugin's own (workspaces.backstage.io/*, app.kubernetes.io/managed-by, backstage.io/kubernetes-id). */
        podLabels?: { [label: string]: string };
        /** Extra pod annotations, over `kubernetes.podAnnotations`; never under workspaces.backstage.io/. */
        podAnnotations?: { [annotation: string]: string };
      };
      /** What users may change, within these bounds. */
      overrides?: {
        cpu?: { min: string; max: string };
        memory?: { min: string; max: string };
        gpu?: { min: number; max: number };
      };
      /** Entity refs of the projects that may use it; all projects when absent. */
      projects?: string[];
    }>;

    /** Where a workspace's data comes from. */
    dataSources?: Array<{
      /** Unique id, a DNS-1123 label, e.g. `home`. */
      id: string;
      title: string;
      description?: string;
      /**
       * volume: a new claim per workspace, kept across stops; git: a clone
       * at each start; pvc, configMap, secret, nfs: existing ones; scratch:
       * temporary space, a claim created with each run and gone at its stop.
       */
      type:
        | 'volume'
        | 'git'
        | 'pvc'
        | 'configMap'
        | 'secret'
        | 'nfs'
        | 'scratch';
      /** Where it is mounted in the workspace container. */
      mountPath: string;
      /** volume, scratch: size of the new claim, e.g. `10Gi`. */
      size?: string;
      /** volume: largest size a user may ask for. */
      maxSize?: string;
      /** volume, scratch: storage class; the cluster default when absent. */
      storageClassName?: string;
      /** volume: defaults to ReadWriteOnce. */
      accessMode?: 'ReadWriteOnce' | 'ReadWriteMany';
      /** volume: keep the claim when the workspace is deleted. */
      retain?: boolean;
      /** git: repository URL to clone. */
      repository?: string;
      /** git: branch to check out. */
      branch?: string;
      /** git: sub-path of the repository to mount. */
      path?: string;
      /** pvc: name of the existing claim. configMap, secret: its name. */
      name?: string;
      /** nfs: server host name. */
      server?: string;
      /** pvc, nfs: mount read-only. */
      readOnly?: boolean;
      /** Entity refs of the projects that may use it; all projects when absent. */
      projects?: string[];
    }>;

    /**
     * Credentials: references to Secrets of each project's namespace (never
     * their values), given to the workspaces of the projects in scope that
     * use the listed environments or data sources. Kubernetes reads the
     * Secret at each start, so a rotated value reaches a workspace at its
     * next start.
     */
    credentials?: Array<{
      /** Unique id, a DNS-1123 label, e.g. `team-registry`. */
      id: string;
      title: string;
      description?: string;
      /**
       * registry: the pod's `imagePullSecrets` (a
       * `kubernetes.io/dockerconfigjson` Secret); git: a token or SSH key for
       * the clone of git data sources; secret: env vars and/or files of the
       * workspace's container.
       */
      type: 'registry' | 'git' | 'secret';
      /** The Secret's name in the project's namespace. */
      secretName: string;
      /** registry, secret: ids of the environments that get it. */
      environments?: string[];
      /** git: ids of the git data sources that clone with it. */
      dataSources?: string[];
      /** git: the Secret's key holding an HTTPS token (or use sshKeyKey). */
      tokenKey?: string;
      /** git: the user name sent with the token; default `git`. */
      username?: string;
      /** git: the Secret's key holding an SSH private key. */
      sshKeyKey?: string;
      /** git: the Secret's key holding known_hosts; without it, the host key is accepted on first use. */
      knownHostsKey?: string;
      /** secret: env var name -> the Secret's key. */
      env?: { [name: string]: string };
      /** secret: where the Secret's keys appear as read-only files. */
      mountPath?: string;
      /** Entity refs of the projects whose workspaces get it; all projects when absent. */
      projects?: string[];
    }>;
  };
}

/** Thresholds of automatic stops. */
interface LifecycleThresholds {
  /** Stop after this long without any activity signal. */
  idleMinutes?: number;
  /** No idle stop before a run is this old. */
  minimumRuntimeMinutes?: number;
  /** Stop a run this long after its start, busy or not. */
  maxRuntimeHours?: number;
}

/** Limits of running workspaces (desired state Running). */
interface RunningLimits {
  workspaces?: number;
  gpus?: number;
  /** CPU requests, a quantity such as 32. */
  cpu?: string;
  /** Memory requests, a quantity such as 128Gi. */
  memory?: string;
}
