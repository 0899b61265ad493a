import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateWorkspaceRequest,
  Workspace,
} from '@backstage-workspaces/plugin-workspaces-common';
import { waitForWorkspace } from './changeWorkspaceState';
import { examples } from './createWorkspace.examples';
import {
  DEFAULT_TIMEOUT_SECONDS,
  WorkspacesActionOptions,
  workspaceUrl,
} from './WorkspacesActionOptions';

/** API fields whose action input has another name, for error messages. */
const inputNames = {
  'compute.preset': 'computePreset',
  'compute.overrides': 'computeOverrides',
};

/**
 * `workspaces:create`: creates a workspace in a project on behalf of the user
 * running the template, starts it unless told not to, and waits until it is
 * Running unless told not to. The Workspaces backend checks everything (the
 * project, the user's assignment and permissions, the building blocks and
 * their bounds); its errors reach the task log naming the input.
 */
export function createWorkspaceAction(options: WorkspacesActionOptions) {
  const { api, appBaseUrl } = options;
  return createTemplateAction({
    id: 'workspaces:create',
    description:
      'Creates a workspace (an environment, a compute preset and data sources) in a project, starts it and waits until it is Running',
    examples,
    schema: {
      input: {
        project: z =>
          z
            .string()
            .min(1)
            .describe(
              'Entity ref of the project the workspace belongs to, e.g. system:default/vision',
            ),
        name: z =>
          z
            .string()
            .min(1)
            .describe(
              'Name of the workspace, unique in the project: lower-case letters, digits and "-", at most 40 characters',
            ),
        environment: z =>
          z
            .string()
            .min(1)
            .describe(
              'Id of the environment (image and tools), e.g. jupyterlab',
            ),
        computePreset: z =>
          z
            .string()
            .min(1)
            .describe('Id of the compute preset, e.g. cpu-small'),
        computeOverrides: z =>
          z
            .object({
              cpu: z
                .string()
                .optional()
                .describe('CPU request within the preset bounds, e.g. 1500m'),
              memory: z
                .string()
                .optional()
                .describe('Memory request within the preset bounds, e.g. 8Gi'),
              gpu: z
                .number()
                .int()
                .min(0)
                .optional()
                .describe('Number of GPUs within the preset bounds'),
            })
            .strict()
            .optional()
            .describe('Changes to the compute preset that it allows'),
        dataSources: z =>
          z
            .array(
              z.union([
                z.string().min(1),
                z
                  .object({
                    id: z.string().min(1),
                    size: z
                      .string()
                      .optional()
                      .describe('Size of a new volume, up to its maximum'),
                  })
                  .strict(),
              ]),
            )
            .optional()
            .describe(
              'Data sources to mount: ids, or { id, size } for a new volume of another size',
            ),
        env: z =>
          z
            .array(
              z
                .object({
                  name: z.string().min(1),
                  value: z.string(),
                  secret: z
                    .boolean()
                    .optional()
                    .describe('Keep it encrypted; it is never shown again'),
                })
                .strict(),
            )
            .optional()
            .describe('Environment variables of the workspace'),
        start: z =>
          z
            .boolean()
            .optional()
            .describe('Start the workspace once created (default true)'),
        waitUntilRunning: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the started workspace is Running, failing the step if it fails to start (default true)',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(3600)
            .optional()
            .describe(
              `How long to wait for Running, in seconds (default ${DEFAULT_TIMEOUT_SECONDS})`,
            ),
      },
      output: {
        id: z => z.string().describe('Id of the workspace'),
        name: z => z.string().describe('Name of the workspace'),
        namespace: z =>
          z.string().describe('Kubernetes namespace the workspace runs in'),
        status: z =>
          z.string().describe('Status of the workspace when the step ended'),
        url: z => z.string().describe("Link to the workspace's details page"),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const start = input.start ?? true;
      const body: CreateWorkspaceRequest = {
        project: input.project,
        name: input.name,
        environment: input.environment,
        compute: {
          preset: input.computePreset,
          ...(input.computeOverrides && { overrides: input.computeOverrides }),
        },
        dataSources: (input.dataSources ?? []).map(source =>
          typeof source === 'string' ? { id: source } : source,
        ),
        env: input.env ?? [],
        start,
      };
      logger.info(
        `Creating workspace ${input.name} in ${input.project}: environment ${input.environment}, compute preset ${input.computePreset}`,
      );
      // a task resumed after a restart finds the workspace it already created
      const created = (await ctx.checkpoint({
        key: `workspaces-create-${input.project}-${input.name}`,
        fn: async () =>
          (await api.call(
            ctx,
            (client, o) => client.createWorkspace({ body }, o),
            inputNames,
          )) as unknown as Record<string, any>,
      })) as unknown as Workspace;
      const url = workspaceUrl(appBaseUrl, created.id);
      logger.info(
        `Created workspace ${created.name} (${created.id}) in namespace ${created.namespace}: ${url}`,
      );
      ctx.output('id', created.id);
      ctx.output('name', created.name);
      ctx.output('namespace', created.namespace);
      ctx.output('url', url);

      const workspace =
        start && (input.waitUntilRunning ?? true)
          ? await waitForWorkspace(
              options,
              ctx,
              created,
              'Running',
              input.timeoutSeconds,
            )
          : created;
      ctx.output('status', workspace.status);
    },
  });
}
