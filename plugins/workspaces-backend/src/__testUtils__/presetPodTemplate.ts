import { ConfigReader } from '@backstage/config';
import { readBuildingBlocksConfig } from '../buildingBlocks/readBuildingBlocksConfig';
import { buildWorkspaceManifests } from '../kubernetes/buildWorkspaceManifests';
import { WorkspaceRecord } from '../model/records';
import { buildingBlocksConfig } from './buildingBlocksConfig';

/**
 * The pod template of a running workspace of the test's first environment
 * and `preset` (a compute preset as the config writes it, read and checked
 * as at start), without data sources or env vars.
 */
export function presetPodTemplate(options: {
  preset: Record<string, unknown>;
  workspace: Pick<WorkspaceRecord, 'id' | 'name' | 'namespace' | 'resources'>;
  podAnnotations?: Record<string, string>;
}) {
  const blocks = readBuildingBlocksConfig(
    new ConfigReader({
      workspaces: { ...buildingBlocksConfig, computePresets: [options.preset] },
    } as any),
  );
  const workspace = {
    ...options.workspace,
    projectRef: 'system:default/vision',
    desiredState: 'Running',
  } as WorkspaceRecord;
  return buildWorkspaceManifests({
    workspace,
    environment: blocks.environments[0],
    computePreset: blocks.computePresets[0],
    dataSources: [],
    env: { plain: {}, secret: {} },
    options: {
      gitCloneImage: 'alpine/git:2.47.2',
      allowIngressFrom: [],
      toolAddressing: { mode: 'path', connectBasePath: '/connect' },
      podAnnotations: options.podAnnotations,
    },
  }).statefulSet.spec!.template;
}
