/*
 * Long file: every object of a workspace (StatefulSet, Service, Secret,
 * volume claims, NetworkPolicy, Ingress) is built here as one pure function,
 * so the whole pod reads in one place.
 */
import type {
  V1EnvVar,
  V1Ingress,
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1OwnerReference,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  DEFAULT_GPU_RESOURCE_NAME,
  WorkspaceComputePreset,
  WorkspaceDataSource,
  WorkspaceEnvironment,
  formatCpu,
  formatMemory,
  parseQuantity,
} from '@backstage-workspaces/plugin-workspaces-common';
import { mountDataSource } from '../dataSources/dataSourceTypes';
import { WorkspaceCredential } from '../credentials/WorkspaceCredential';
import { credentialsOf, PodCredentials } from './credentialsOf';
import { WorkspaceRecord } from '../model/records';
import { ToolAddressing } from '../tools/toolAddressing';
import { toolTypes } from '../tools/toolTypes';
import {
  fillToolTemplate,
  toolBasePathEnvName,
  toolServePath,
} from '../tools/toolPaths';
import {
  objectName,
  RUN_ID_LABEL,
  WORKSPACE_ID_LABEL,
  workspaceLabels,
  workspacePodName,
} from './labels';
import { schedulingOf } from './schedulingOf';

/** Cluster-wide choices of the admin, from `workspaces.kubernetes`. */
export interface ManifestOptions {
  /** Image of the init container that clones git data sources. */
  gitCloneImage: string;
  /** Who may reach the tool ports; nobody else may reach the pod. */
  allowIngressFrom: V1NetworkPolicyPeer[];
  /** How browsers reach the tools: on hosts of their own, or under the backend's path. */
  toolAddressing: ToolAddressing;
  /** Annotations of every workspace pod, e.g. for a service mesh. */
  podAnnotations?: Record<string, string>;
  /**
   * What runs the pod: a StatefulSet of at most one pod (the default), or
   * the pod itself, created and deleted by the backend as JupyterHub's
   * KubeSpawner does, so no controller's client rate paces a burst of
   * starts (`workspaces.kubernetes.workload`).
   */
  workload?: WorkloadKind;
}

/** See `ManifestOptions.workload`. */
export type WorkloadKind = 'StatefulSet' | 'Pod';

export interface WorkspaceManifestInput {
  workspace: WorkspaceRecord;
  /** The current run; its id labels the pod. */
  runId?: string;
  environment: WorkspaceEnvironment;
  computePreset: WorkspaceComputePreset;
  /** The chosen data sources, each with the user's size for new volumes and git credential. */
  dataSources: Array<{
    source: WorkspaceDataSource;
    size?: string;
    credential?: string;
  }>;
  /** Plain env vars of the workspace, and secret ones, decrypted. */
  env: { plain: Record<string, string>; secret: Record<string, string> };
  options: ManifestOptions;
  /** The credentials offered to the workspace's project (see credentialsOf). */
  credentials?: WorkspaceCredential[];
  /** UID of the workload once it exists: the owner of what belongs to it. */
  ownerUid?: string;
}

/** The objects of one workspace, in the order they are applied. */
export interface WorkspaceManifests {
  volumeClaims: V1PersistentVolumeClaim[];
  secret?: V1Secret;
  /** The workload, unless `pod` is (then built, but never applied). */
  statefulSet: V1StatefulSet;
  /** With the workload `Pod`: the pod the backend creates, from the StatefulSet's template. */
  pod?: V1Pod;
  /** The ingresses' backend: only when the environment asks for ingresses. */
  service?: V1Service;
  networkPolicy: V1NetworkPolicy;
  /** One per tool, when the environment asks for ingresses. */
  ingresses: V1Ingress[];
}

const GIT_VOLUME_PREFIX = 'git';

/** The volumes, mounts, init containers and claims of the chosen data sources. */
function dataVolumes(
  input: WorkspaceManifestInput,
  base: string,
  credentials: PodCredentials,
) {
  const parts = input.dataSources.map(({ source, size }) => {
    const part = mountDataSource(source, {
      volumeName: objectName('data', source.id).slice(0, 63),
      claimName: objectName(base, source.id),
      initContainerName: objectName(GIT_VOLUME_PREFIX, source.id).slice(0, 63),
      namespace: input.workspace.namespace,
      labels: workspaceLabels(input.workspace),
      size,
      gitCloneImage: input.options.gitCloneImage,
      securityContext: hardenedContainer(),
    });
    const auth = credentials.gitClone[source.id];
    if (auth && part.initContainer) {
      part.initContainer = {
        ...part.initContainer,
        env: auth.env,
        volumeMounts: [
          ...part.initContainer.volumeMounts!,
          ...auth.volumeMounts,
        ],
      };
    }
    return part;
  });
  return {
    volumes: parts.map(part => part.volume),
    mounts: parts.map(part => part.mount),
    initContainers: parts.flatMap(part =>
      part.initContainer ? [part.initContainer] : [],
    ),
    claims: parts.flatMap(part => (part.claim ? [part.claim] : [])),
  };
}

function hardenedContainer() {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A limit at least as large as the request: Kubernetes refuses a smaller one. */
function atLeast(
  limit: string | undefined,
  request: string,
): string | undefined {
  if (!limit) {
    return undefined;
  }
  return parseQuantity(limit)! >= parseQuantity(request)! ? limit : request;
}

function resources(input: WorkspaceManifestInput) {
  const { resources: wanted } = input.workspace;
  const preset = input.computePreset;
  const cpu = formatCpu(wanted.cpuMillicores / 1000);
  const memory = formatMemory(wanted.memoryBytes);
  const requests: Record<string, string> = { cpu, memory };
  const limits: Record<string, string> = {};
  const cpuLimit = atLeast(preset.cpu.limit, cpu);
  if (cpuLimit) {
    limits.cpu = cpuLimit;
  }
  // without a memory limit a workspace could take a node's memory from others
  limits.memory = atLeast(preset.memory.limit, memory) ?? memory;
  if (wanted.gpus > 0) {
    const name = preset.gpu?.resourceName ?? DEFAULT_GPU_RESOURCE_NAME;
    requests[name] = String(wanted.gpus);
    limits[name] = String(wanted.gpus);
  }
  return { requests, limits };
}

/**
 * Tells each tool the path it serves under: `TOOL_<ID>_BASE_PATH` for every
 * tool (usable as `$(TOOL_<ID>_BASE_PATH)` in args), and for JupyterLab the
 * variables its images read: NB_PREFIX (Kubeflow images) and NOTEBOOK_ARGS
 * (Jupyter Docker Stacks' start script). JupyterLab's own token is turned
 * off: the proxy authenticates and authorizes every request, and the
 * NetworkPolicy lets nobody else reach the port.
 */
function toolEnv(input: WorkspaceManifestInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const tool of input.environment.tools) {
    const path = toolServePath(
      input.workspace,
      input.environment,
      tool,
      input.options.toolAddressing,
    );
    env[toolBasePathEnvName(tool)] = path;
    Object.assign(env, toolTypes[tool.type].env?.(path, env));
  }
  return env;
}

function envVars(
  input: WorkspaceManifestInput,
  secretName: string,
  credentials: PodCredentials,
): V1EnvVar[] {
  const tools = toolEnv(input);
  const plain = { ...tools, ...input.environment.env, ...input.env.plain };
  if (tools.NOTEBOOK_ARGS && plain.NOTEBOOK_ARGS !== tools.NOTEBOOK_ARGS) {
    // the environment's own arguments come after ours, so they win
    plain.NOTEBOOK_ARGS = `${tools.NOTEBOOK_ARGS} ${plain.NOTEBOOK_ARGS}`;
  }
  // a credential's variable is the admin's: it replaces one of the same name
  const fromCredentials = new Set(credentials.env.map(env => env.name));
  const own: V1EnvVar[] = [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    ...Object.keys(input.env.secret).map(name => ({
      name,
      valueFrom: { secretKeyRef: { name: secretName, key: name } },
    })),
  ];
  return [
    ...own.filter(env => !fromCredentials.has(env.name)),
    ...credentials.env,
  ];
}

/**
 * The Kubernetes objects of a workspace: its volume claims, a Secret for
 * secret env vars, a StatefulSet of at most one pod (replicas 1 to run, 0 to
 * stop where stopped workspaces keep their workload) or, with the workload
 * `Pod`, the pod itself, a NetworkPolicy that lets only the allowed peers
 * reach the tool ports, and with ingresses their Service. A pure function
 * of its input, so the reconciler can apply it again at any time.
 */
export function buildWorkspaceManifests(
  input: WorkspaceManifestInput,
): WorkspaceManifests {
  const { workspace, environment, computePreset } = input;
  const base = objectName('ws', workspace.name);
  const labels = workspaceLabels(workspace);
  const podWorkload = input.options.workload === 'Pod';
  const ownerReference = (uid: string) =>
    podWorkload
      ? owner('v1', 'Pod', workspacePodName(workspace.name), uid)
      : owner('apps/v1', 'StatefulSet', base, uid);
  const metadata = (name: string) => ({
    name,
    namespace: workspace.namespace,
    labels,
    ...(input.ownerUid && {
      ownerReferences: [ownerReference(input.ownerUid)],
    }),
  });
  const secretName = objectName(base, 'env');
  const credentials = credentialsOf(
    input.credentials ?? [],
    environment.id,
    input.dataSources.map(({ source, credential }) => ({
      id: source.id,
      credential,
    })),
  );
  const data = dataVolumes(input, base, credentials);
  const volumes = [...data.volumes, ...credentials.volumes];
  const mounts = [...data.mounts, ...credentials.mounts];
  if (computePreset.sharedMemory) {
    // PyTorch data loaders and NCCL need more than the container default of 64Mi
    volumes.push({
      name: 'dshm',
      emptyDir: { medium: 'Memory', sizeLimit: computePreset.sharedMemory },
    });
    mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
  }
  const ports = environment.tools.map(tool => ({
    name: tool.id.slice(0, 15),
    containerPort: tool.port,
    protocol: 'TCP',
  }));
  const scheduling = schedulingOf(computePreset, workspace.resources.gpus);
  // the preset's annotations over the cluster-wide ones
  const annotations = {
    ...input.options.podAnnotations,
    ...scheduling.annotations,
  };

  const statefulSet: V1StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: base, namespace: workspace.namespace, labels },
    spec: {
      replicas: workspace.desiredState === 'Running' ? 1 : 0,
      serviceName: base,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: { [WORKSPACE_ID_LABEL]: workspace.id } },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
      template: {
        metadata: {
          labels: {
            ...scheduling.labels,
            ...labels,
            ...(input.runId && { [RUN_ID_LABEL]: input.runId }),
          },
          ...(Object.keys(annotations).length > 0 && { annotations }),
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
            ...(environment.runAsUser !== undefined && {
              runAsUser: environment.runAsUser,
            }),
            ...(environment.runAsGroup !== undefined && {
              runAsGroup: environment.runAsGroup,
              fsGroup: environment.runAsGroup,
            }),
          },
          ...scheduling.spec,
          ...(credentials.imagePullSecrets.length > 0 && {
            imagePullSecrets: credentials.imagePullSecrets,
          }),
          ...(data.initContainers.length > 0 && {
            initContainers: data.initContainers,
          }),
          containers: [
            {
              name: 'workspace',
              image: workspace.image ?? environment.image,
              imagePullPolicy: environment.imagePullPolicy,
              ...(environment.command && { command: environment.command }),
              ...(environment.args && { args: environment.args }),
              ...(environment.workingDir && {
                workingDir: environment.workingDir,
              }),
              env: envVars(input, secretName, credentials),
              ports,
              resources: resources(input),
              volumeMounts: mounts,
              // a TCP check each second (cheap: the kernel answers it): the
              // workspace is Running, and its tool opens, as soon as it listens
              readinessProbe: {
                tcpSocket: { port: environment.tools[0].port },
                periodSeconds: 1,
              },
              securityContext: hardenedContainer(),
            },
          ],
          volumes,
        },
      },
    },
  };

  // the backend reaches the tools at the pod's IP; a Service is only the
  // ingresses' backend (a write less per start without them)
  const service: V1Service | undefined = environment.ingress && {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(base),
    spec: {
      type: 'ClusterIP',
      selector: { [WORKSPACE_ID_LABEL]: workspace.id },
      ports: environment.tools.map(tool => ({
        name: tool.id.slice(0, 15),
        port: tool.port,
        targetPort: tool.port,
        protocol: 'TCP',
      })),
    },
  };

  const networkPolicy: V1NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    // with the workload `Pod`, owned by nothing: applied before the pod and
    // kept while stopped, so the pod never runs without it, and a start and
    // a stop are one write each
    metadata: podWorkload
      ? { name: base, namespace: workspace.namespace, labels }
      : metadata(base),
    spec: {
      podSelector: { matchLabels: { [WORKSPACE_ID_LABEL]: workspace.id } },
      policyTypes: ['Ingress'],
      ingress: [
        // manifests are in the API's wire format, whose field is "from"
        // (client-node's model names it _from)
        {
          from: input.options.allowIngressFrom,
          ports: environment.tools.map(tool => ({
            port: tool.port,
            protocol: 'TCP',
          })),
        } as unknown as V1NetworkPolicyIngressRule,
      ],
    },
  };

  const secretEntries = Object.entries(input.env.secret);
  const secret: V1Secret | undefined =
    secretEntries.length > 0
      ? {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: metadata(secretName),
          type: 'Opaque',
          stringData: Object.fromEntries(secretEntries),
        }
      : undefined;

  const ingresses: V1Ingress[] = environment.ingress
    ? environment.tools.map(tool => ingressFor(input, tool, base, metadata))
    : [];

  const template = statefulSet.spec!.template;
  const pod: V1Pod | undefined = podWorkload
    ? {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...template.metadata,
          name: workspacePodName(workspace.name),
          namespace: workspace.namespace,
        },
        spec: template.spec,
      }
    : undefined;
  // volume claims outlive stops and are not owned by the workload: they
  // are applied before it, so its pod never waits for one, and a delete
  // removes them explicitly unless the data source retains them
  return {
    volumeClaims: data.claims,
    secret,
    statefulSet,
    ...(pod && { pod }),
    service,
    networkPolicy,
    ingresses,
  };
}

function ingressFor(
  input: WorkspaceManifestInput,
  tool: WorkspaceManifestInput['environment']['tools'][number],
  base: string,
  metadata: (name: string) => V1Ingress['metadata'],
): V1Ingress {
  const ingress = input.environment.ingress!;
  const host = fillToolTemplate(ingress.host, input.workspace, tool);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(objectName(base, tool.id)),
    spec: {
      ...(ingress.className && { ingressClassName: ingress.className }),
      ...(ingress.tlsSecretName && {
        tls: [{ hosts: [host], secretName: ingress.tlsSecretName }],
      }),
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: fillToolTemplate(ingress.path, input.workspace, tool),
                pathType: 'Prefix',
                backend: {
                  service: { name: base, port: { number: tool.port } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

function owner(
  apiVersion: string,
  kind: string,
  name: string,
  uid: string,
): V1OwnerReference {
  return {
    apiVersion,
    kind,
    name,
    uid,
    blockOwnerDeletion: true,
  };
}
