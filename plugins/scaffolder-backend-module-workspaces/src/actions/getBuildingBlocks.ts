import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './getBuildingBlocks.examples';
import { WorkspacesActionOptions } from './WorkspacesActionOptions';

/**
 * `workspaces:building-blocks:get`: the environments, compute presets and
 * data sources a project may use, asked of the Workspaces backend on behalf
 * of the user running the template (their permissions, not the backend's).
 */
export function getBuildingBlocksAction(
  options: Pick<WorkspacesActionOptions, 'api'>,
) {
  const { api } = options;
  return createTemplateAction({
    id: 'workspaces:building-blocks:get',
    description:
      'Lists the environments, compute presets and data sources a project may use for its workspaces',
    examples,
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
      const blocks = await api.call(ctx, (client, o) =>
        client.getBuildingBlocks({ query: { project: ctx.input.project } }, o),
      );
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
