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
      /** How often every workspace is reconciled, repairing drift. Default 30. */
      sweepIntervalSeconds?: number;
      /** Annotations of every workspace pod, e.g. for a service mesh. */
      podAnnotations?: { [name: string]: string };
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
      type: 'volume' | 'git' | 'pvc' | 'configMap' | 'secret' | 'nfs';
      /** Where it is mounted in the workspace container. */
      mountPath: string;
      /** volume: size of the new claim, e.g. `10Gi`. */
      size?: string;
      /** volume: largest size a user may ask for. */
      maxSize?: string;
      /** volume: storage class; the cluster default when absent. */
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
  };
}
