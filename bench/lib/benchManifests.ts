import { ConfigReader } from '@backstage/config';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { WorkspaceRecord } from '../../plugins/workspaces-backend/src/model/records';
import {
  buildWorkspaceManifests,
  WorkloadKind,
  WorkspaceManifests,
} from '../../plugins/workspaces-backend/src/kubernetes/buildWorkspaceManifests';
import { readBuildingBlocksConfig } from '../../plugins/workspaces-backend/src/buildingBlocks/readBuildingBlocksConfig';

const benchConfig = new ConfigReader(
  parse(readFileSync(resolve(__dirname, '../app-config.yaml'), 'utf8')),
);
const blocks = readBuildingBlocksConfig(benchConfig);

/** The workload of bench/app-config.yaml: the backend's, unless `--workload` says otherwise. */
export const configuredWorkload = (benchConfig.getOptionalString(
  'workspaces.kubernetes.workload',
) ?? 'StatefulSet') as WorkloadKind;

/** A workspace of the bench's building blocks, as the database would hold it. */
export function benchRecord(
  fields: Pick<
    WorkspaceRecord,
    'id' | 'name' | 'projectRef' | 'namespace' | 'desiredState' | 'status'
  >,
  createdAt = new Date(),
): WorkspaceRecord {
  return {
    environmentId: 'notebook',
    environmentOverrides: {},
    computePresetId: 'tiny',
    computeOverrides: {},
    dataSources: [{ id: 'home' }],
    envVars: [],
    resources: { cpuMillicores: 10, memoryBytes: 32 * 2 ** 20, gpus: 0 },
    statusMessage: '',
    statusSince: createdAt,
    pendingRestart: false,
    createdBy: 'user:default/bench-user',
    createdAt,
    updatedAt: createdAt,
    revision: 1,
    keepAliveCount: 0,
    ...fields,
  } as WorkspaceRecord;
}

/** The objects the backend makes for such a workspace (same builder, same blocks). */
export function benchManifests(
  record: WorkspaceRecord,
  runId?: string,
  ownerUid?: string,
  workload?: WorkloadKind,
): WorkspaceManifests {
  return buildWorkspaceManifests({
    workspace: record,
    runId,
    environment: blocks.environments[0],
    computePreset: blocks.computePresets[0],
    dataSources: [{ source: blocks.dataSources[0] }],
    env: { plain: {}, secret: {} },
    options: {
      gitCloneImage: 'alpine/git:2.47.2',
      allowIngressFrom: [
        {
          namespaceSelector: {
            matchLabels: { 'workspaces.backstage.io/ingress': 'true' },
          },
        },
      ],
      // as the bench backend serves tools: on hosts of their own
      toolAddressing: {
        mode: 'host',
        urlTemplate:
          'http://{tool}--{workspace}--{project}.tools.localhost:{listenPort}',
      },
      workload,
    },
    ownerUid,
  });
}

/** The objects of a running bench workspace named `x` (for its shape: pod, objects). */
export const sampleManifests = (namespace = 'x'): WorkspaceManifests =>
  benchManifests(
    benchRecord({
      id: 'x',
      name: 'x',
      projectRef: 'system:default/x',
      namespace,
      desiredState: 'Running',
      status: 'Running',
    }),
    'run',
  );

/** How many objects a workspace needs. */
export function objectCount(manifests: WorkspaceManifests): number {
  const { volumeClaims, ingresses, ...rest } = manifests;
  return (
    volumeClaims.length +
    ingresses.length +
    Object.values(rest).filter(Boolean).length
  );
}
