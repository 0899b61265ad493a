import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  Workspace,
  WORKSPACE_STATUSES,
} from '@backstage-workspaces/plugin-workspaces-common';
import { JsonObject } from '@backstage/types';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { WorkspaceRecord } from '../model/records';
import { auditChange } from '../router/createAuditedAction';
import { readListQuery } from '../router/readListQuery';
import { WorkspaceDiagnostics } from '../workspaces/WorkspaceDiagnostics';
import { WorkspaceQueries } from '../workspaces/WorkspaceQueries';
import { WorkspaceService } from '../workspaces/WorkspaceService';

export interface WorkspaceActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auditor: AuditorService;
  buildingBlocks: BuildingBlockCatalog;
  workspaces: WorkspaceService;
  queries: WorkspaceQueries;
  diagnostics: WorkspaceDiagnostics;
  /** A workspace as the REST API shows it (createWorkspaceView). */
  toApi: (record: WorkspaceRecord) => Workspace;
}

/** The zod the registry hands to the schemas (zod/v3). */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

// the fields an assistant needs most; the rest of the REST API's workspace passes through
const workspaceSchema = (zod: Zod) =>
  zod
    .object({
      id: zod.string().describe('The workspace id, for the other actions'),
      name: zod.string(),
      project: zod.string().describe('Entity ref of the project (a System)'),
      environment: zod.string(),
      desiredState: zod.enum(['Running', 'Stopped', 'Deleted']),
      status: zod.enum(WORKSPACE_STATUSES),
      statusMessage: zod.string(),
      createdBy: zod.string(),
    })
    .passthrough();

const workspaceId = (zod: Zod) =>
  zod.string().min(1).describe('The workspace id (from list-my-workspaces)');

const entityRef = (zod: Zod, kind: string, example: string) =>
  zod.string().min(1).describe(`Entity ref of the ${kind}, e.g. ${example}`);

/** The REST routes take users only; so do the actions. */
function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Workspace actions are for signed-in users');
  }
  return principal.userEntityRef;
}

/**
 * Registers the workspace operations with Backstage's actions registry (so
 * MCP clients can drive them): each calls the service the REST route calls,
 * with the caller's credentials, so the permission checks are the same and
 * changes are audited as the routes' are (with `via: actions`).
 */
export function registerWorkspaceActions(options: WorkspaceActionsOptions) {
  const { actionsRegistry, workspaces, queries, diagnostics } = options;
  // spread: the schema's passthrough object takes a plain object type
  const toApi = (record: WorkspaceRecord) => ({ ...options.toApi(record) });
  const audited = <T>(
    eventId: string,
    credentials: BackstageCredentials,
    meta: JsonObject,
    change: () => Promise<T>,
    outcome?: (result: T) => JsonObject,
  ) =>
    auditChange(
      options.auditor,
      {
        eventId,
        meta: { ...meta, actor: userOf(credentials), via: 'actions' },
      },
      change,
      outcome,
    );

  actionsRegistry.register({
    name: 'list-my-workspaces',
    title: 'List my workspaces',
    description:
      'Lists the workspaces the signed-in user created, newest first, optionally in one project or with given statuses.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          project: entityRef(zod, 'project', 'system:default/vision')
            .optional()
            .describe('Only workspaces of this project'),
          statuses: zod
            .array(zod.enum(WORKSPACE_STATUSES))
            .optional()
            .describe('Only workspaces in these statuses, e.g. ["Running"]'),
          limit: zod.number().int().min(1).max(200).optional(),
        }),
      output: zod => zod.object({ items: zod.array(workspaceSchema(zod)) }),
    },
    action: async ({ input, credentials }) => {
      const page = await queries.list(
        {
          ...readListQuery({
            status: input.statuses?.join(','),
            limit: input.limit === undefined ? undefined : String(input.limit),
            sort: 'createdAt',
          }),
          projectRef: input.project,
          createdBy: userOf(credentials),
        },
        credentials,
      );
      return { output: { items: page.items.map(toApi) } };
    },
  });

  actionsRegistry.register({
    name: 'get-workspace',
    title: 'Get a workspace',
    description:
      'A workspace with its status, and an explanation of the status: what happened and what to do.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({ workspaceId: workspaceId(zod) }),
      output: zod =>
        zod.object({
          workspace: workspaceSchema(zod),
          explanation: zod
            .object({
              title: zod.string(),
              whatHappened: zod.string(),
              whatToDo: zod.string(),
            })
            .passthrough(),
        }),
    },
    action: async ({ input, credentials }) => {
      const record = await queries.get(input.workspaceId, credentials);
      const explanation = await diagnostics.explain(record.id, credentials);
      return {
        output: {
          workspace: toApi(record),
          explanation: { ...explanation },
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-building-blocks',
    title: 'List building blocks of a project',
    description:
      'The environments, compute presets and data sources a project offers, to choose from when creating a workspace.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          project: entityRef(zod, 'project', 'system:default/vision'),
        }),
      output: zod =>
        zod.object({
          environments: zod.array(
            zod.object({ id: zod.string() }).passthrough(),
          ),
          computePresets: zod.array(
            zod.object({ id: zod.string() }).passthrough(),
          ),
          dataSources: zod.array(
            zod.object({ id: zod.string() }).passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      userOf(credentials);
      const project = await queries.project(input.project, credentials);
      const offered = options.buildingBlocks.offeredTo(project.entityRef, {
        includeHidden: false,
      });
      // spread: the schema's passthrough objects take plain object types
      return {
        output: {
          environments: offered.environments.map(item => ({ ...item })),
          computePresets: offered.computePresets.map(item => ({ ...item })),
          dataSources: offered.dataSources.map(item => ({ ...item })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'create-workspace',
    title: 'Create a workspace',
    description:
      'Creates a workspace in a project from an environment and a compute preset (see list-building-blocks), and starts it unless start is false.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: zod =>
        zod.object({
          project: entityRef(zod, 'project', 'system:default/vision'),
          name: zod
            .string()
            .min(1)
            .describe('A DNS-1123 label, unique in the project'),
          environment: zod.string().min(1).describe('An environment id'),
          computePreset: zod.string().min(1).describe('A compute preset id'),
          dataSources: zod
            .array(
              zod.object({
                id: zod.string().min(1),
                size: zod.string().optional(),
                credential: zod.string().optional(),
              }),
            )
            .optional()
            .describe('Data sources to mount, by id'),
          start: zod
            .boolean()
            .optional()
            .describe('Start once created; true when absent'),
        }),
      output: zod => zod.object({ workspace: workspaceSchema(zod) }),
    },
    action: async ({ input, credentials }) => {
      const created = await audited(
        'workspace-create',
        credentials,
        { project: input.project, name: input.name },
        () =>
          workspaces.create(
            {
              project: input.project,
              name: input.name,
              environment: input.environment,
              compute: { preset: input.computePreset },
              dataSources: input.dataSources,
              start: input.start ?? true,
            },
            credentials,
          ),
        record => ({
          workspaceId: record.id,
          desiredState: record.desiredState,
        }),
      );
      return { output: { workspace: toApi(created) } };
    },
  });

  const transition = (
    name: string,
    title: string,
    description: string,
    eventId: string,
    change: (
      id: string,
      credentials: BackstageCredentials,
    ) => Promise<WorkspaceRecord>,
  ) =>
    actionsRegistry.register({
      name,
      title,
      description,
      attributes: { destructive: false, idempotent: true },
      schema: {
        input: zod => zod.object({ workspaceId: workspaceId(zod) }),
        output: zod => zod.object({ workspace: workspaceSchema(zod) }),
      },
      action: async ({ input, credentials }) => {
        const { workspaceId: id } = input;
        const changed = await audited(
          eventId,
          credentials,
          { workspaceId: id },
          () => change(id, credentials),
        );
        return { output: { workspace: toApi(changed) } };
      },
    });

  transition(
    'start-workspace',
    'Start a workspace',
    'Starts a stopped workspace; it is Running once its pod is ready (see get-workspace).',
    'workspace-start',
    (id, credentials) => workspaces.start(id, credentials),
  );
  transition(
    'stop-workspace',
    'Stop a workspace',
    'Stops a workspace; its volumes are kept.',
    'workspace-stop',
    (id, credentials) => workspaces.stop(id, credentials),
  );
  transition(
    'keep-workspace-alive',
    'Keep a workspace alive',
    'Postpones a warned automatic stop (idle or maximum run time) of a running workspace, or the dormancy deletion of a stopped one.',
    'workspace-keep-alive',
    (id, credentials) => workspaces.keepAlive(id, credentials),
  );
}
