import { ConfigReader } from '@backstage/config';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { buildWorkspaceManifests } from '../kubernetes/buildWorkspaceManifests';
import { WORKSPACE_ID_LABEL } from '../kubernetes/labels';
import { WorkspaceRecord } from '../model/records';
import { buildingBlocksConfig } from './buildingBlocksConfig';

/**
 * Every kind of object the plugin makes for a workspace, from
 * buildWorkspaceManifests given a workspace with every part (a volume, a
 * secret variable, an environment behind ingresses), and the pod its
 * StatefulSet makes. A kind the manifests gain is checked without a test
 * having to know of it.
 */
export function workspaceObjectKinds(): Array<{
  apiVersion: string;
  kind: string;
}> {
  const blocks = readBuildingBlocksConfig(
    new ConfigReader({ workspaces: buildingBlocksConfig } as any),
  );
  const [environment] = blocks.environments;
  const manifests = buildWorkspaceManifests({
    workspace: {
      id: 'every-kind',
      name: 'every-kind',
      projectRef: 'system:default/vision',
      namespace: 'vision',
      environmentId: environment.id,
      computePresetId: blocks.computePresets[0].id,
      computeOverrides: {},
      dataSources: blocks.dataSources.map(({ id }) => ({ id })),
      envVars: [],
      resources: { cpuMillicores: 500, memoryBytes: 2 ** 30, gpus: 0 },
      desiredState: 'Running',
      status: 'Running',
      statusMessage: '',
      statusSince: new Date(0),
      pendingRestart: false,
      createdBy: 'user:default/bob',
      createdAt: new Date(0),
      updatedAt: new Date(0),
      revision: 1,
    } as WorkspaceRecord,
    runId: 'run-1',
    environment: {
      ...environment,
      ingress: { host: '{workspace}.ws.example.com', path: '/{tool}' },
    },
    computePreset: blocks.computePresets[0],
    dataSources: blocks.dataSources.map(source => ({ source })),
    env: { plain: {}, secret: { TOKEN: 'x' } },
    options: {
      gitCloneImage: 'alpine/git:2.47.2',
      allowIngressFrom: [],
      toolAddressing: { mode: 'path', connectBasePath: '/connect' },
    },
    ownerUid: 'uid-1',
  });
  const objects = [
    ...Object.values(manifests).flat(),
    { apiVersion: 'v1', kind: 'Pod' },
  ].filter(Boolean) as Array<{ apiVersion: string; kind: string }>;
  const kinds = new Map(
    objects.map(({ apiVersion, kind }) => [
      `${apiVersion}/${kind}`,
      { apiVersion, kind },
    ]),
  );
  return [...kinds.values()];
}

/** The names of a workspace's objects of every kind, found by its id label. */
export async function listWorkspaceObjectsByLabel(
  objects: KubernetesObjectApi,
  namespace: string,
  workspaceId: string,
): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const { apiVersion, kind } of workspaceObjectKinds()) {
    const list = await objects.list(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      `${WORKSPACE_ID_LABEL}=${workspaceId}`,
    );
    found[kind] = list.items.map(item => item.metadata!.name!);
  }
  return found;
}
