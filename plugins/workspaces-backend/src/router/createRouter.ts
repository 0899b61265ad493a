import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  formatCpu,
  formatMemory,
} from '@backstage-workspaces/plugin-workspaces-common';
import express from 'express';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { KubernetesCluster } from '../kubernetes/readKubernetesClusters';
import { ToolConnections } from '../proxy/ToolConnections';
import { BuildingBlockCatalog } from '../buildingBlocks/BuildingBlockCatalog';
import { WorkspaceDiagnostics } from '../workspaces/WorkspaceDiagnostics';
import { WorkspaceQueries } from '../workspaces/WorkspaceQueries';
import { WorkspaceService } from '../workspaces/WorkspaceService';
import { createAuditedAction } from './createAuditedAction';
import { createAdmission } from './createAdmission';
import { readEntityRefQuery, readRequiredProjectQuery } from './readQuery';
import { readListQuery } from './readListQuery';
import { readLogsQuery } from './readLogsQuery';
import { rejectUnknownFields } from './rejectUnknownFields';
import { toQuotaItem } from '../quota/quotaEntries';
import { toWorkspaceSearchEntry } from '../search/toWorkspaceSearchEntry';
import { createWorkspaceView, toApiRun, toApiStatusEvent } from './toApi';
import { DormancyPolicyConfig } from '../lifecycle/readDormancyPolicy';

/** How many log requests are checked and opened at once. */
const LOG_OPENINGS_AT_ONCE = 4;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  buildingBlocks: BuildingBlockCatalog;
  workspaces: WorkspaceService;
  queries: WorkspaceQueries;
  diagnostics: WorkspaceDiagnostics;
  toolConnections: ToolConnections;
  clusters: KubernetesCluster[];
  /** Keep-alive bounds, shown with warned auto-stops. */
  keepAlive?: { extensionMinutes: number; maxPerRun: number };
  /** Dormancy, shown on stopped workspaces; undefined: off. */
  dormancy?: DormancyPolicyConfig;
  /** Check responses against the contract too (tests). */
  validateResponses?: boolean;
}

/**
 * The HTTP layer: requests are checked against `src/schema/openapi.yaml`,
 * callers authenticated, changes audited, and the work left to the service.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, buildingBlocks, workspaces, queries } = options;
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' }), rejectUnknownFields(spec)],
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });
  const audited = createAuditedAction(options.auditor);
  // Log requests are checked and opened a few at a time: a burst of them
  // (a page of followed logs, a script) otherwise builds as many sign-in
  // checks, permission decisions and TLS connections at once, whose memory
  // the process keeps; each opens in milliseconds, so few wait long.
  const openingLogs = createAdmission(LOG_OPENINGS_AT_ONCE);
  const toApi = createWorkspaceView(options);
  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/clusters', async (req, res) => {
    await user(req);
    res.json({
      items: options.clusters.map(cluster => ({ name: cluster.name })),
    });
  });

  router.get('/building-blocks', async (req, res) => {
    const credentials = await user(req);
    const projectRef = readEntityRefQuery(
      req.query.project,
      'project',
      'system',
    );
    const includeHidden = req.query.includeHidden === 'true';
    if (projectRef === undefined) {
      res.json(buildingBlocks.offeredTo(undefined, { includeHidden }));
      return;
    }
    const project = await queries.project(projectRef, credentials);
    res.json(buildingBlocks.offeredTo(project.entityRef, { includeHidden }));
  });

  router.get('/workspaces', async (req, res) => {
    const credentials = await user(req);
    const page = await queries.list(
      {
        ...readListQuery(req.query),
        projectRef: readEntityRefQuery(req.query.project, 'project', 'system'),
        createdBy: readEntityRefQuery(req.query.createdBy, 'createdBy', 'user'),
      },
      credentials,
    );
    res.json({
      items: page.items.map(record => toApi(record)),
      ...(page.nextCursor && { nextCursor: page.nextCursor }),
      ...(page.totalCount !== undefined && { totalCount: page.totalCount }),
    });
  });

  router.post('/workspaces', async (req, res) => {
    const credentials = await user(req);
    const created = await audited(
      req,
      'workspace-create',
      { project: req.body.project, name: req.body.name },
      () => workspaces.create(req.body, credentials),
      record => ({ workspaceId: record.id, desiredState: record.desiredState }),
    );
    res.status(201).json(toApi(created));
  });

  router.get('/workspaces/:workspaceId', async (req, res) => {
    const credentials = await user(req);
    res.json(toApi(await queries.get(req.params.workspaceId, credentials)));
  });

  router.patch('/workspaces/:workspaceId', async (req, res) => {
    const credentials = await user(req);
    const { workspaceId } = req.params;
    const updated = await audited(
      req,
      'workspace-update',
      {
        workspaceId,
        fields: Object.keys(req.body).filter(key => key !== 'revision'),
      },
      () => workspaces.update(workspaceId, req.body, credentials),
      record => ({
        revision: record.revision,
        pendingRestart: record.pendingRestart,
      }),
    );
    res.json(toApi(updated));
  });

  router.delete('/workspaces/:workspaceId', async (req, res) => {
    const credentials = await user(req);
    const { workspaceId } = req.params;
    const deleted = await audited(
      req,
      'workspace-delete',
      { workspaceId },
      () => workspaces.delete(workspaceId, credentials),
    );
    res.status(202).json(toApi(deleted));
  });

  router.post('/workspaces/:workspaceId/start', async (req, res) => {
    const credentials = await user(req);
    const { workspaceId } = req.params;
    const started = await audited(req, 'workspace-start', { workspaceId }, () =>
      workspaces.start(workspaceId, credentials),
    );
    res.status(202).json(toApi(started));
  });

  router.post('/workspaces/:workspaceId/stop', async (req, res) => {
    const credentials = await user(req);
    const { workspaceId } = req.params;
    const stopped = await audited(req, 'workspace-stop', { workspaceId }, () =>
      workspaces.stop(workspaceId, credentials),
    );
    res.status(202).json(toApi(stopped));
  });

  router.post('/workspaces/:workspaceId/keep-alive', async (req, res) => {
    const credentials = await user(req);
    const { workspaceId } = req.params;
    const kept = await audited(
      req,
      'workspace-keep-alive',
      { workspaceId },
      () => workspaces.keepAlive(workspaceId, credentials),
      record => ({
        keepAliveUntil: record.keepAliveUntil?.toISOString() ?? null,
        keepAliveCount: record.keepAliveCount ?? 0,
      }),
    );
    res.json(toApi(kept));
  });

  router.get('/quota', async (req, res) => {
    const credentials = await user(req);
    const projectRef = readRequiredProjectQuery(req.query.project);
    const quota = await queries.quota(projectRef, credentials);
    res.json({
      project: quota.project,
      namespace: quota.namespace,
      items: quota.entries.map(toQuotaItem),
    });
  });

  router.post(
    '/workspaces/:workspaceId/tools/:tool/connect',
    async (req, res) => {
      const credentials = await user(req);
      const { workspaceId, tool } = req.params;
      // the URL is a credential: only the mode is audited
      const connection = await audited(
        req,
        'workspace-connect',
        { workspaceId, tool },
        () => options.toolConnections.connect(workspaceId, tool, credentials),
        result => ({ mode: result.mode }),
      );
      res.json(connection);
    },
  );

  router.get('/workspaces/:workspaceId/runs', async (req, res) => {
    const credentials = await user(req);
    const runs = await queries.listRuns(req.params.workspaceId, credentials);
    res.json({ items: runs.map(toApiRun) });
  });

  router.get('/workspaces/:workspaceId/events', async (req, res) => {
    const credentials = await user(req);
    const events = await queries.listStatusEvents(
      req.params.workspaceId,
      credentials,
    );
    res.json({ items: events.map(toApiStatusEvent) });
  });

  router.get('/workspaces/:workspaceId/logs', async (req, res) => {
    // a client that goes away ends the request to the API server too
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const logs = await openingLogs(async () =>
      options.diagnostics.readLogs(
        req.params.workspaceId,
        { ...readLogsQuery(req.query), signal: closed.signal },
        await user(req),
      ),
    );
    res.status(200);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    // no-transform: the compression middleware would hold followed lines back
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.flushHeaders();
    logs.stream.on('error', () => res.destroy());
    logs.stream.pipe(res);
  });

  router.get('/workspaces/:workspaceId/kubernetes-events', async (req, res) => {
    const credentials = await user(req);
    const items = await options.diagnostics.listEvents(
      req.params.workspaceId,
      credentials,
    );
    res.json({ items });
  });

  router.get('/workspaces/:workspaceId/objects', async (req, res) => {
    const credentials = await user(req);
    const items = await options.diagnostics.describeObjects(
      req.params.workspaceId,
      credentials,
    );
    res.json({ items });
  });

  router.get('/workspaces/:workspaceId/explanation', async (req, res) => {
    const credentials = await user(req);
    res.json(
      await options.diagnostics.explain(req.params.workspaceId, credentials),
    );
  });

  // for the search backend's collator: services only, users list their own
  router.get('/search/workspaces', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const page = await queries.list(
      readListQuery({
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
      credentials,
    );
    res.json({
      items: page.items.map(record =>
        toWorkspaceSearchEntry(record, buildingBlocks),
      ),
      ...(page.nextCursor && { nextCursor: page.nextCursor }),
    });
  });

  router.get('/summary', async (req, res) => {
    const credentials = await user(req);
    const projectRef = readRequiredProjectQuery(req.query.project);
    const summary = await queries.summarize(projectRef, credentials);
    res.json({
      project: summary.project,
      countsByStatus: summary.countsByStatus,
      running: {
        workspaces: summary.running.workspaces,
        cpu: formatCpu(summary.running.cpuMillicores / 1000),
        memory: formatMemory(summary.running.memoryBytes),
        gpu: summary.running.gpus,
      },
    });
  });

  return router;
}
