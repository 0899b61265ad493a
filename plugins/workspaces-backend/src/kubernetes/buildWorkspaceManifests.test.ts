import { ConfigReader } from '@backstage/config';
import {
  buildingBlocksConfig,
  scratchDataSource,
} from '../__testUtils__/buildingBlocksConfig';
import { WorkspaceRecord } from '../model/records';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import {
  buildWorkspaceManifests,
  WorkspaceManifestInput,
} from './buildWorkspaceManifests';
import { objectName } from './labels';

const blocks = readBuildingBlocksConfig(
  new ConfigReader({ workspaces: buildingBlocksConfig } as any),
);
const [jupyterlab] = blocks.environments;
const [cpuSmall, gpu1] = blocks.computePresets;
const [home, examples] = blocks.dataSources;

const workspace: WorkspaceRecord = {
  id: '5b1f0c36-0c43-4e8a-9b8e-000000000001',
  name: 'churn-model',
  projectRef: 'system:default/vision',
  namespace: 'vision',
  environmentId: 'jupyterlab',
  computePresetId: 'cpu-small',
  computeOverrides: { memory: '6Gi' },
  dataSources: [{ id: 'home', size: '20Gi' }, { id: 'examples' }],
  envVars: [],
  resources: { cpuMillicores: 500, memoryBytes: 6 * 2 ** 30, gpus: 0 },
  desiredState: 'Running',
  status: 'Creating',
  statusMessage: '',
  statusSince: new Date(0),
  pendingRestart: false,
  createdBy: 'user:default/bob',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  revision: 1,
};

function input(
  changes: Partial<WorkspaceManifestInput> = {},
): WorkspaceManifestInput {
  return {
    workspace,
    runId: 'run-1',
    environment: jupyterlab,
    computePreset: cpuSmall,
    dataSources: [{ source: home, size: '20Gi' }, { source: examples }],
    env: {
      plain: { MLFLOW_URL: 'http://mlflow' },
      secret: { API_TOKEN: 's3cr3t' },
    },
    options: {
      gitCloneImage: 'alpine/git:2.47.2',
      allowIngressFrom: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'backstage' },
          },
        },
      ],
      toolAddressing: {
        mode: 'path',
        connectBasePath: '/api/workspaces/connect',
      },
    },
    ...changes,
  };
}

const labels = {
  'app.kubernetes.io/managed-by': 'backstage-workspaces',
  'workspaces.backstage.io/workspace-id': workspace.id,
  'workspaces.backstage.io/workspace': 'churn-model',
  'backstage.io/kubernetes-id': 'vision',
};

describe('buildWorkspaceManifests', () => {
  it('runs one hardened pod with the resources, env and mounts of the workspace', () => {
    const { statefulSet } = buildWorkspaceManifests(input());

    expect(statefulSet.metadata).toEqual({
      name: 'ws-churn-model',
      namespace: 'vision',
      labels,
    });
    expect(statefulSet.spec!.replicas).toBe(1);
    expect(statefulSet.spec!.selector).toEqual({
      matchLabels: { 'workspaces.backstage.io/workspace-id': workspace.id },
    });
    const pod = statefulSet.spec!.template;
    expect(pod.metadata!.labels).toEqual({
      ...labels,
      'workspaces.backstage.io/run-id': 'run-1',
    });
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
    expect(pod.spec!.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      runAsUser: 1000,
      runAsGroup: 100,
      fsGroup: 100,
    });
    const [container] = pod.spec!.containers;
    expect(container).toMatchObject({
      name: 'workspace',
      image: 'registry.example.com/test/scipy-notebook:2025-03-14',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'jupyterlab', containerPort: 8888, protocol: 'TCP' }],
      // ready, and so Running, within a second of the tool listening
      readinessProbe: { tcpSocket: { port: 8888 }, periodSeconds: 1 },
      // the user's 6Gi request raises the preset's 4Gi limit
      resources: {
        requests: { cpu: '500m', memory: '6Gi' },
        limits: { cpu: '2', memory: '6Gi' },
      },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    const lab = `/api/workspaces/connect/${workspace.id}/jupyterlab/`;
    expect(container.env).toEqual([
      { name: 'TOOL_JUPYTERLAB_BASE_PATH', value: lab },
      { name: 'NB_PREFIX', value: lab },
      {
        name: 'NOTEBOOK_ARGS',
        value: `--ServerApp.base_url=${lab} --IdentityProvider.token=`,
      },
      { name: 'JUPYTER_ENABLE_LAB', value: 'yes' },
      { name: 'MLFLOW_URL', value: 'http://mlflow' },
      {
        name: 'API_TOKEN',
        valueFrom: {
          secretKeyRef: { name: 'ws-churn-model-env', key: 'API_TOKEN' },
        },
      },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'data-home', mountPath: '/home/jovyan/work' },
      { name: 'data-examples', mountPath: '/home/jovyan/examples' },
    ]);
    expect(pod.spec!.nodeSelector).toBeUndefined();
    expect(pod.spec!.tolerations).toBeUndefined();
    expect(pod.metadata!.annotations).toBeUndefined();
  });

  it('tells each tool the path it serves under, so the proxy path matches', () => {
    const environment = {
      ...jupyterlab,
      env: { NOTEBOOK_ARGS: '--ServerApp.root_dir=/home/jovyan/work' },
      tools: [
        ...jupyterlab.tools,
        {
          id: 'tensorboard',
          type: 'tensorboard' as const,
          title: 'TensorBoard',
          port: 6006,
        },
        {
          id: 'api-docs',
          type: 'http' as const,
          title: 'API docs',
          port: 9000,
          basePath: '/docs/{workspace}',
        },
      ],
    };
    const env = (changes: Partial<WorkspaceManifestInput>) =>
      buildWorkspaceManifests(
        input({ env: { plain: {}, secret: {} }, ...changes }),
      ).statefulSet.spec!.template.spec!.containers[0].env;
    const lab = `/api/workspaces/connect/${workspace.id}/jupyterlab/`;

    // JupyterLab is told its proxy path; the environment's own notebook
    // arguments come after ours; TensorBoard serves at / (the proxy strips
    // the prefix); a configured base path is filled in
    expect(env({ environment })).toEqual([
      { name: 'TOOL_JUPYTERLAB_BASE_PATH', value: lab },
      { name: 'NB_PREFIX', value: lab },
      {
        name: 'NOTEBOOK_ARGS',
        value: `--ServerApp.base_url=${lab} --IdentityProvider.token= --ServerApp.root_dir=/home/jovyan/work`,
      },
      { name: 'TOOL_TENSORBOARD_BASE_PATH', value: '/' },
      { name: 'TOOL_API_DOCS_BASE_PATH', value: '/docs/churn-model/' },
    ]);

    // on a host of its own (host mode), JupyterLab serves at /
    expect(
      env({
        options: {
          ...input().options,
          toolAddressing: {
            mode: 'host',
            urlTemplate:
              'https://{tool}--{workspace}--{project}.tools.example.com',
          },
        },
      }),
    ).toEqual([
      { name: 'TOOL_JUPYTERLAB_BASE_PATH', value: '/' },
      { name: 'NB_PREFIX', value: '/' },
      {
        name: 'NOTEBOOK_ARGS',
        value: '--ServerApp.base_url=/ --IdentityProvider.token=',
      },
      { name: 'JUPYTER_ENABLE_LAB', value: 'yes' },
    ]);

    // behind an Ingress, JupyterLab serves under the ingress path
    expect(
      env({
        environment: {
          ...jupyterlab,
          ingress: { host: '{workspace}.ws.example.com', path: '/{tool}' },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        { name: 'NB_PREFIX', value: '/jupyterlab/' },
        {
          name: 'NOTEBOOK_ARGS',
          value: '--ServerApp.base_url=/jupyterlab/ --IdentityProvider.token=',
        },
      ]),
    );
  });

  it("runs the workspace's custom image in place of the environment's", () => {
    const custom = buildWorkspaceManifests(
      input({
        workspace: { ...workspace, image: 'registry.example.com/lab:2' },
      }),
    ).statefulSet.spec!.template.spec!.containers[0];
    expect(custom.image).toBe('registry.example.com/lab:2');
    const usual = buildWorkspaceManifests(input()).statefulSet.spec!.template
      .spec!.containers[0];
    expect(usual.image).toBe(jupyterlab.image);
  });

  it('annotates the pod as the admin configures', () => {
    const { statefulSet } = buildWorkspaceManifests(
      input({
        options: {
          ...input().options,
          podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        },
      }),
    );
    expect(statefulSet.spec!.template.metadata!.annotations).toEqual({
      'sidecar.istio.io/inject': 'false',
    });
  });

  it('scales to no pod when the workspace is to be stopped', () => {
    const { statefulSet } = buildWorkspaceManifests(
      input({ workspace: { ...workspace, desiredState: 'Stopped' } }),
    );
    expect(statefulSet.spec!.replicas).toBe(0);
  });

  it('asks for GPUs on GPU nodes, with a memory-backed /dev/shm', () => {
    const { statefulSet } = buildWorkspaceManifests(
      input({
        computePreset: gpu1,
        workspace: {
          ...workspace,
          resources: {
            cpuMillicores: 4000,
            memoryBytes: 16 * 2 ** 30,
            gpus: 2,
          },
        },
      }),
    );
    const spec = statefulSet.spec!.template.spec!;
    expect(spec.containers[0].resources).toEqual({
      requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '2' },
      limits: { memory: '16Gi', 'nvidia.com/gpu': '2' },
    });
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(spec.volumes).toContainEqual({
      name: 'dshm',
      emptyDir: { medium: 'Memory', sizeLimit: '8Gi' },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'dshm',
      mountPath: '/dev/shm',
    });
  });

  it('claims a new volume of the chosen size, kept across stops', () => {
    const { volumeClaims, statefulSet } = buildWorkspaceManifests(input());
    expect(volumeClaims).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: 'ws-churn-model-home',
          namespace: 'vision',
          labels,
          annotations: { 'workspaces.backstage.io/retain': 'false' },
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '20Gi' } },
        },
      },
    ]);
    expect(statefulSet.spec!.template.spec!.volumes).toContainEqual({
      name: 'data-home',
      persistentVolumeClaim: { claimName: 'ws-churn-model-home' },
    });
    expect(statefulSet.spec!.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  it('lets the StatefulSet own what goes with it, but never a volume', () => {
    const owned = buildWorkspaceManifests(input({ ownerUid: 'uid-1' }));
    const ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'ws-churn-model',
        uid: 'uid-1',
        blockOwnerDeletion: true,
      },
    ];
    expect(owned.secret!.metadata!.ownerReferences).toEqual(ownerReferences);
    expect(owned.networkPolicy.metadata!.ownerReferences).toEqual(
      ownerReferences,
    );
    // volumes are removed explicitly on delete, unless their data source retains them
    expect(owned.volumeClaims[0].metadata!.ownerReferences).toBeUndefined();
    expect(
      buildWorkspaceManifests(input()).networkPolicy.metadata!.ownerReferences,
    ).toBeUndefined();
  });

  it('with the workload Pod, makes the pod itself from the template, lets it own the Secret, and leaves the NetworkPolicy to no owner', () => {
    const options = { ...input().options, workload: 'Pod' as const };
    const { pod, statefulSet, secret, networkPolicy, volumeClaims } =
      buildWorkspaceManifests(input({ options, ownerUid: 'pod-uid-1' }));
    const template = statefulSet.spec!.template;
    // the name its StatefulSet would give it: the proxy, the watch and the
    // inspector find it the same way
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'ws-churn-model-0',
        namespace: 'vision',
        labels: { ...labels, 'workspaces.backstage.io/run-id': 'run-1' },
      },
      spec: template.spec,
    });
    expect(pod!.spec!.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
    });
    const ownerReferences = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'ws-churn-model-0',
        uid: 'pod-uid-1',
        blockOwnerDeletion: true,
      },
    ];
    expect(secret!.metadata!.ownerReferences).toEqual(ownerReferences);
    // kept while stopped, as the volume claims are
    expect(networkPolicy.metadata!.ownerReferences).toBeUndefined();
    expect(volumeClaims[0].metadata!.ownerReferences).toBeUndefined();
    // the default workload has no pod of its own
    expect(buildWorkspaceManifests(input()).pod).toBeUndefined();
  });

  it('clones git data sources in a hardened init container', () => {
    const { statefulSet } = buildWorkspaceManifests(input());
    const spec = statefulSet.spec!.template.spec!;
    expect(spec.initContainers).toEqual([
      {
        name: 'git-examples',
        image: 'alpine/git:2.47.2',
        args: [
          'clone',
          '--depth=1',
          '--branch',
          'main',
          '--',
          'https://git.example.com/ml/examples.git',
          '/data',
        ],
        volumeMounts: [{ name: 'data-examples', mountPath: '/data' }],
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { memory: '512Mi' },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
      },
    ]);
    expect(spec.volumes).toContainEqual({
      name: 'data-examples',
      emptyDir: {},
    });
  });

  it('gives scratch space as an ephemeral volume that goes with the pod, and claims nothing', () => {
    const [scratch] = readBuildingBlocksConfig(
      new ConfigReader({
        workspaces: {
          ...buildingBlocksConfig,
          dataSources: [scratchDataSource],
        },
      } as any),
    ).dataSources;
    const { statefulSet, volumeClaims } = buildWorkspaceManifests(
      input({ dataSources: [{ source: scratch }] }),
    );
    const spec = statefulSet.spec!.template.spec!;
    expect(spec.volumes).toContainEqual({
      name: 'data-tmp',
      ephemeral: {
        volumeClaimTemplate: {
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '50Gi' } },
            storageClassName: 'local-nvme',
          },
        },
      },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'data-tmp',
      mountPath: '/scratch',
    });
    // Kubernetes makes and removes its claim with each pod; none of ours
    expect(volumeClaims).toEqual([]);
  });

  it('keeps secret env vars in a Secret, and makes none without them', () => {
    expect(buildWorkspaceManifests(input()).secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ws-churn-model-env', namespace: 'vision', labels },
      type: 'Opaque',
      stringData: { API_TOKEN: 's3cr3t' },
    });
    expect(
      buildWorkspaceManifests(input({ env: { plain: {}, secret: {} } })).secret,
    ).toBeUndefined();
  });

  it('lets only the allowed peers reach the tool ports, at the pod without a Service', () => {
    const { service, networkPolicy } = buildWorkspaceManifests(input());
    expect(service).toBeUndefined();
    expect(networkPolicy.spec).toEqual({
      podSelector: {
        matchLabels: { 'workspaces.backstage.io/workspace-id': workspace.id },
      },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'backstage' },
              },
            },
          ],
          ports: [{ port: 8888, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('exposes each tool through an Ingress when the environment asks for it', () => {
    const environment = {
      ...jupyterlab,
      tools: [
        ...jupyterlab.tools,
        {
          id: 'tensorboard',
          type: 'tensorboard' as const,
          title: 'TensorBoard',
          port: 6006,
        },
      ],
      ingress: {
        host: '{tool}-{workspace}-{project}.ws.example.com',
        path: '/{namespace}/',
        className: 'nginx',
        tlsSecretName: 'wildcard-tls',
      },
    };
    const { ingresses, service } = buildWorkspaceManifests(
      input({ environment, ownerUid: 'uid-1' }),
    );
    // the ingresses' backend, owned by the StatefulSet as they are
    expect(service!.metadata!.ownerReferences).toHaveLength(1);
    expect(service!.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'workspaces.backstage.io/workspace-id': workspace.id },
      ports: [
        { name: 'jupyterlab', port: 8888, targetPort: 8888, protocol: 'TCP' },
        { name: 'tensorboard', port: 6006, targetPort: 6006, protocol: 'TCP' },
      ],
    });
    expect(ingresses.map(i => i.metadata!.name)).toEqual([
      'ws-churn-model-jupyterlab',
      'ws-churn-model-tensorboard',
    ]);
    expect(ingresses[1].metadata!.ownerReferences).toHaveLength(1);
    expect(ingresses[1].spec).toEqual({
      ingressClassName: 'nginx',
      tls: [
        {
          hosts: ['tensorboard-churn-model-vision.ws.example.com'],
          secretName: 'wildcard-tls',
        },
      ],
      rules: [
        {
          host: 'tensorboard-churn-model-vision.ws.example.com',
          http: {
            paths: [
              {
                path: '/vision/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'ws-churn-model', port: { number: 6006 } },
                },
              },
            ],
          },
        },
      ],
    });
    expect(buildWorkspaceManifests(input()).ingresses).toEqual([]);
  });

  it('keeps object names DNS labels of at most 63 characters', () => {
    const long = objectName('ws', 'a'.repeat(40), 'b'.repeat(40));
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(objectName('ws', 'a'.repeat(40), 'c'.repeat(40))).not.toBe(long);
    expect(objectName('ws', 'short')).toBe('ws-short');
  });
});
