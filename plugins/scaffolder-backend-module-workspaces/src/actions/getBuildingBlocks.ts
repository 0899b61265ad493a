import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { WorkspaceBuildingBlocks } from '@backstage-workspaces/plugin-workspaces-common';

/**
 * `workspaces:building-blocks:get`: the environments, compute presets and
 * data sources a project may use, asked of the Workspaces backend on behalf
 * of the user running the template (their permissions, not the backend's).
 */
export function createGetBuildingBlocksAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const { auth, discovery } = options;
  return createTemplateAction({
    id: 'workspaces:building-blocks:get',
    description:
      'Lists the environments, compute presets and data sources a project may use for its workspaces',
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          z
            .string()
            .min(1)
            .describe('Entity ref of the project, e.g. system:default/vision'),
      },
      output: {
        environments: z =>
          z.array(z.string()).describe('Ids of the environments'),
        computePresets: z =>
          z.array(z.string()).describe('Ids of the compute presets'),
        dataSources: z =>
          z.array(z.string()).describe('Ids of the data sources'),
      },
    },
    async handler(ctx) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'workspaces',
      });
      const baseUrl = await discovery.getBaseUrl('workspaces');
      const response = await fetch(
        `${baseUrl}/building-blocks?${new URLSearchParams({
          project: ctx.input.project,
        })}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const blocks = (await response.json()) as WorkspaceBuildingBlocks;
      const ids = (list: Array<{ id: string }>) => list.map(block => block.id);
      ctx.logger.info(
        `Project ${ctx.input.project} may use environments [${ids(
          blocks.environments,
        ).join(', ')}], compute presets [${ids(blocks.computePresets).join(
          ', ',
        )}], data sources [${ids(blocks.dataSources).join(', ')}]`,
      );
      ctx.output('environments', ids(blocks.environments));
      ctx.output('computePresets', ids(blocks.computePresets));
      ctx.output('dataSources', ids(blocks.dataSources));
    },
  });
}
