import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { Histogram } from '@opentelemetry/sdk-metrics';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { freePort } from '../__testUtils__/freePort';
import { inMemoryMetrics, valueAt } from '../__testUtils__/inMemoryMetrics';
import { startRuntimeTestBackend } from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();

/*
 * The plugin's metrics as an operator's collector sees them: a real
 * OpenTelemetry MeterProvider installed in the process (as an
 * instrumentation file loaded with `node --require` does, see
 * deploy/README.md), Backstage's own metrics service (the one
 * startWorkspacesTestBackend installs, as createBackend does), and the
 * plugin driven through its REST API against the local control plane. The
 * figures are read from what the exporter received.
 */
describe('the OpenTelemetry metrics of the workspaces backend', () => {
  let provider: ReturnType<typeof inMemoryMetrics>['provider'];
  let exported: ReturnType<typeof inMemoryMetrics>['exported'];
  let scopes: ReturnType<typeof inMemoryMetrics>['scopes'];
  let prometheusPort: number;
  let backend: WorkspacesTestBackend;

  beforeAll(async () => {
    // and a Prometheus scrape endpoint, as deploy/README.md sets it up
    prometheusPort = await freePort();
    ({ provider, exported, scopes } = inMemoryMetrics([
      new PrometheusExporter({ host: '127.0.0.1', port: prometheusPort }),
    ]));
    // before the backend starts: the metrics service takes its meter then
    metrics.setGlobalMeterProvider(provider);
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId: 'SQLITE_3',
    }));
  });

  afterAll(async () => {
    await backend?.stop();
    await provider.shutdown();
    metrics.disable();
  });

  it('counts workspaces by status and project, times the start, and counts reconcile passes, Kubernetes requests and the stop', async () => {
    const bob = backend.user('bob');
    const created = await createWorkspace(backend.server, bob, {
      name: 'metrics',
      start: false,
    });
    // the meter of Backstage's metrics service for the plugin
    expect(await scopes()).toContain('backstage-plugin-workspaces');
    const atCreate = await exported();
    expect(
      valueAt(atCreate, 'workspaces.workspace.count', {
        'workspaces.workspace.status': 'Stopped',
        'workspaces.project': 'system:default/vision',
      }),
    ).toBe(1);
    // a workspace that never started has no start to time
    expect(atCreate.get('workspaces.start.duration') ?? []).toEqual([]);

    const started = await request(backend.server)
      .post(`/api/workspaces/workspaces/${created.id}/start`)
      .set('Authorization', bob);
    expect(started.status).toBe(202);
    await waitForStatus(backend.server, bob, created.id, 'Running');

    const running = await exported();
    expect(
      valueAt(running, 'workspaces.workspace.count', {
        'workspaces.workspace.status': 'Running',
        'workspaces.project': 'system:default/vision',
      }),
    ).toBe(1);
    // the notification hook runs right after the status is recorded
    const { value: startDuration } = await waitUntil(
      'the start duration to be recorded',
      async () => {
        const value = valueAt(await exported(), 'workspaces.start.duration', {
          'workspaces.environment': 'jupyterlab',
        }) as Histogram | undefined;
        return { done: value !== undefined, value };
      },
      10_000,
    );
    expect(startDuration!.count).toBe(1);
    expect(startDuration!.sum).toBeGreaterThan(0);
    expect(startDuration!.sum).toBeLessThan(120);
    expect(
      valueAt(running, 'workspaces.reconcile.passes', {
        'workspaces.reconcile.kind': 'reconcile',
      }),
    ).toBeGreaterThan(0);
    const kubernetesRequests = running.get('workspaces.kubernetes.requests')!;
    const successesByMethod = new Map<string, number>();
    for (const point of kubernetesRequests) {
      const code = point.attributes['http.response.status_code'] as number;
      expect(point.attributes['k8s.cluster.name']).toBe('local');
      if (code >= 200 && code < 300) {
        const method = point.attributes['http.request.method'] as string;
        successesByMethod.set(
          method,
          (successesByMethod.get(method) ?? 0) + (point.value as number),
        );
      }
    }
    // the reconciler reads (GET) and applies its objects (server-side apply: PATCH)
    expect(successesByMethod.get('GET')).toBeGreaterThan(0);
    expect(successesByMethod.get('PATCH')).toBeGreaterThan(0);

    const stopped = await request(backend.server)
      .post(`/api/workspaces/workspaces/${created.id}/stop`)
      .set('Authorization', bob);
    expect(stopped.status).toBe(202);
    await waitForStatus(backend.server, bob, created.id, 'Stopped');
    // stopping a stopped workspace again is no second stop
    await request(backend.server)
      .post(`/api/workspaces/workspaces/${created.id}/stop`)
      .set('Authorization', bob);

    const afterStop = await exported();
    expect(afterStop.get('workspaces.stops')).toEqual([
      expect.objectContaining({
        attributes: { 'workspaces.stop.reason': 'StopRequested' },
        value: 1,
      }),
    ]);
    expect(
      valueAt(afterStop, 'workspaces.workspace.count', {
        'workspaces.workspace.status': 'Stopped',
        'workspaces.project': 'system:default/vision',
      }),
    ).toBe(1);
    // the gauge reports what is, not what was: no Running workspace is left
    expect(
      valueAt(afterStop, 'workspaces.workspace.count', {
        'workspaces.workspace.status': 'Running',
        'workspaces.project': 'system:default/vision',
      }),
    ).toBe(0);
  });
  it('serves the figures to a Prometheus scrape under the names deploy/README.md lists', async () => {
    const response = await fetch(`http://127.0.0.1:${prometheusPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const vision = 'workspaces_project="system:default/vision"';
    expect(text).toMatch(
      new RegExp(
        `^workspaces_workspace_count\\{[^}]*workspaces_workspace_status="Stopped",${vision}[^}]*\\} 1$`,
        'm',
      ),
    );
    expect(text).toMatch(
      /^workspaces_stops_total\{[^}]*workspaces_stop_reason="StopRequested"[^}]*\} 1$/m,
    );
    expect(text).toMatch(
      /^workspaces_start_duration_count\{[^}]*workspaces_environment="jupyterlab"[^}]*\} 1$/m,
    );
    expect(text).toMatch(
      /^workspaces_start_duration_bucket\{[^}]*le="\+Inf"[^}]*\} 1$/m,
    );
    expect(text).toMatch(
      /^workspaces_reconcile_passes_total\{[^}]*workspaces_reconcile_kind="reconcile"[^}]*\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^workspaces_kubernetes_requests_total\{[^}]*http_request_method="PATCH",http_response_status_code="200"[^}]*\} [1-9]\d*$/m,
    );
  });
});
