import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { WorkspaceStatus } from '@backstage-workspaces/plugin-workspaces-common';
import { RecordedStatusChange } from '../database/RuntimeStore';
import { WorkspaceRecord } from '../model/records';

/** How many workspaces a project has in a status, for the count gauge. */
export interface WorkspaceCount {
  status: WorkspaceStatus;
  projectRef: string;
  count: number;
}

/**
 * Start latencies range from seconds (an image on the node) to many minutes
 * (a large image pulled, a GPU node scaled up): the buckets span both.
 */
const START_DURATION_BUCKETS = [
  1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800,
];

/**
 * The plugin's OpenTelemetry metrics, through Backstage's metrics service
 * (meter `backstage-plugin-workspaces`), named and typed in one place: the
 * code that measures calls a method here and never names an instrument.
 * Without a MeterProvider installed in the process every call is a no-op.
 * The names and attributes are documented in deploy/README.md (Metrics).
 */
export class WorkspacesMetrics {
  private readonly startDuration;
  private readonly reconcilePasses;
  private readonly reconcileErrors;
  private readonly kubernetesRequests;
  private readonly toolConnections;
  private readonly stops;

  constructor(private readonly metrics: MetricsService) {
    this.startDuration = metrics.createHistogram('workspaces.start.duration', {
      description:
        'Time from a start request to the run being Running for the first time',
      unit: 's',
      advice: { explicitBucketBoundaries: START_DURATION_BUCKETS },
    });
    this.reconcilePasses = metrics.createCounter(
      'workspaces.reconcile.passes',
      {
        description:
          'Reconcile passes over one workspace (full, or a status refresh)',
        unit: '{pass}',
      },
    );
    this.reconcileErrors = metrics.createCounter(
      'workspaces.reconcile.errors',
      {
        description: 'Reconcile passes that ended in an error of the cluster',
        unit: '{error}',
      },
    );
    this.kubernetesRequests = metrics.createCounter(
      'workspaces.kubernetes.requests',
      {
        description:
          "Requests of the plugin's Kubernetes API clients, each attempt (a retried 429 counts twice)",
        unit: '{request}',
      },
    );
    this.toolConnections = metrics.createUpDownCounter(
      'workspaces.tool_proxy.active_connections',
      {
        description: 'WebSocket connections open through the tool proxy',
        unit: '{connection}',
      },
    );
    this.stops = metrics.createCounter('workspaces.stops', {
      description: 'Workspace stops, by who or what stopped them',
      unit: '{stop}',
    });
  }

  /**
   * Reports `count()` as `workspaces.workspace.count` at every collection
   * (one call per collection, e.g. per Prometheus scrape).
   */
  observeWorkspaceCounts(count: () => Promise<WorkspaceCount[]>): void {
    // the SDK keeps reporting a series that is no longer observed, with its
    // last value: a status or project left since is reported as 0 instead
    const reported = new Map<string, WorkspaceCount>();
    this.metrics
      .createObservableGauge('workspaces.workspace.count', {
        description: 'Workspaces (not deleted), by status and project',
        unit: '{workspace}',
      })
      .addCallback(async result => {
        const now = new Map(
          (await count()).map(entry => [
            JSON.stringify([entry.status, entry.projectRef]),
            entry,
          ]),
        );
        for (const [key, before] of reported) {
          if (!now.has(key)) {
            now.set(key, { ...before, count: 0 });
          }
        }
        for (const [key, entry] of now) {
          reported.set(key, entry);
          result.observe(entry.count, {
            'workspaces.workspace.status': entry.status,
            'workspaces.project': entry.projectRef,
          });
        }
      });
  }

  /**
   * Records the start latency when `change` made a run Running for the
   * first time (not back from Degraded or Unknown): from the start request,
   * which opened the run, to `now`, when the change was recorded.
   */
  statusChanged(
    record: WorkspaceRecord,
    change: RecordedStatusChange,
    now: Date,
  ): void {
    const { run, observed } = change;
    if (observed.status === 'Running' && run?.firstRunning) {
      this.startDuration.record(
        (now.getTime() - run.startedAt.getTime()) / 1000,
        { 'workspaces.environment': record.environmentId },
      );
    }
  }

  /**
   * A reconcile pass over one workspace ended; with `errorType` (e.g. the
   * cluster's HTTP status, or the error's name) when it failed.
   */
  reconciled(kind: 'reconcile' | 'refresh', errorType?: string): void {
    const attributes = { 'workspaces.reconcile.kind': kind };
    this.reconcilePasses.add(1, attributes);
    if (errorType !== undefined) {
      this.reconcileErrors.add(1, { ...attributes, 'error.type': errorType });
    }
  }

  /**
   * The Kubernetes API server answered a request with `statusCode`, or
   * none came (`errorType`, e.g. `ECONNREFUSED`).
   */
  kubernetesRequest(request: {
    cluster: string;
    method: string;
    statusCode?: number;
    errorType?: string;
  }): void {
    this.kubernetesRequests.add(1, {
      'k8s.cluster.name': request.cluster,
      'http.request.method': request.method,
      ...(request.statusCode !== undefined && {
        'http.response.status_code': request.statusCode,
      }),
      ...(request.errorType !== undefined && {
        'error.type': request.errorType,
      }),
    });
  }

  /** A WebSocket to a tool opened (+1) or closed (-1). */
  toolConnection(delta: 1 | -1, toolType: string): void {
    this.toolConnections.add(delta, { 'workspaces.tool.type': toolType });
  }

  /** A workspace was stopped, e.g. `StopRequested` or `AutoStopIdle`. */
  stopped(reason: string): void {
    this.stops.add(1, { 'workspaces.stop.reason': reason });
  }
}
