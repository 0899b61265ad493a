import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { Histogram } from '@opentelemetry/sdk-metrics';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { freePort } from '../__testUtils__/freePort';
import {
  ExportedMetrics,
  inMemoryMetrics,
  valueAt,
} from '../__testUtils__/inMemoryMetrics';
import { startRuntimeTestBackend } from '../__testUtils__/kubernetesTestCluster';
import { WorkspacesTestBackend } from '../__testUtils__/startWorkspacesTestBackend';
import { startTestTool, testToolsConfig } from '../__testUtils__/startTestTool';
import { TestClock } from '../__testUtils__/testServices';
import { openToolSession } from '../__testUtils__/toolSession';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  createWorkspace,
  waitForStatus,
} from '../__testUtils__/workspaceRequests';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const VISION = 'system:default/vision';

type TestTool = Awaited<ReturnType<typeof startTestTool>>;

/** Test building blocks plus an environment whose tool is `tool` on loopback. */
function withTestTool(tool: TestTool, changes: Record<string, unknown> = {}) {
  return {
    ...changes,
    tools: { listen: { port: 0 } },
    ...testToolsConfig([
      { id: 'lab', type: 'jupyterlab', title: 'Lab', port: tool.port },
    ]),
  };
}

/** Creates a stopped workspace, starts it and waits until it is Running. */
async function createAndStart(backend: WorkspacesTestBackend, name: string) {
  const bob = backend.user('bob');
  const created = await createWorkspace(backend.server, bob, {
    name,
    environment: 'tools',
    start: false,
  });
  const started = await request(backend.server)
    .post(`/api/workspaces/workspaces/${created.id}/start`)
    .set('Authorization', bob);
  expect(started.status).toBe(202);
  await waitForStatus(backend.server, bob, created.id, 'Running');
  return created as { id: string };
}

async function stop(backend: WorkspacesTestBackend, id: string) {
  const bob = backend.user('bob');
  const stopped = await request(backend.server)
    .post(`/api/workspaces/workspaces/${id}/stop`)
    .set('Authorization', bob);
  expect(stopped.status).toBe(202);
  await waitForStatus(backend.server, bob, id, 'Stopped');
}

function countOf(points: ExportedMetrics, status: string) {
  return valueAt(points, 'workspaces.workspace.count', {
    'workspaces.workspace.status': status,
    'workspaces.project': VISION,
  });
}

/*
 * The plugin's metrics as an operator's collector sees them: a real
 * OpenTelemetry MeterProvider installed in the process (as the
 * instrumentation file of deploy/README.md does), Backstage's own metrics
 * service (the one startWorkspacesTestBackend installs, as createBackend
 * does), and the plugin driven through its REST API and tool proxy against
 * the local control plane. The figures are read from what an in-memory
 * exporter received, and from a Prometheus scrape.
 */
describe.each(databases.eachSupportedId())(
  'the OpenTelemetry metrics of the workspaces backend on %s',
  databaseId => {
    let telemetry: ReturnType<typeof inMemoryMetrics>;
    let prometheusPort: number;
    let backend: WorkspacesTestBackend;
    let tool: TestTool;
    let workspace: { id: string };
    const clock = new TestClock();
    // the control plane is shared: names of their own on each database
    const suffix = databaseId.toLowerCase().replace('_', '');

    beforeAll(async () => {
      prometheusPort = await freePort();
      telemetry = inMemoryMetrics([
        new PrometheusExporter({ host: '127.0.0.1', port: prometheusPort }),
      ]);
      // before the backend starts: the metrics service takes its meter then
      metrics.setGlobalMeterProvider(telemetry.provider);
      tool = await startTestTool();
      ({ backend } = await startRuntimeTestBackend({
        databases,
        databaseId,
        clock,
        workspaces: withTestTool(tool, {
          lifecycle: {
            intervalSeconds: 1,
            environments: { tools: { maxRuntimeHours: 1 } },
          },
        }),
      }));
    });

    afterAll(async () => {
      await backend?.stop();
      await tool?.close();
      await telemetry.provider.shutdown();
      metrics.disable();
    });

    it('counts a created workspace by status and project, and has no start to time yet', async () => {
      const created = await createWorkspace(
        backend.server,
        backend.user('bob'),
        { name: `counted-${suffix}`, environment: 'tools', start: false },
      );
      expect(created.status).toBe('Stopped');
      // the meter of Backstage's metrics service for the plugin
      expect(await telemetry.scopes()).toContain('backstage-plugin-workspaces');
      const points = await telemetry.exported();
      expect(countOf(points, 'Stopped')).toBe(1);
      expect(points.get('workspaces.start.duration') ?? []).toEqual([]);
    });

    it('times a start from the request to Running, and counts reconcile passes and Kubernetes requests by method with 2xx answers', async () => {
      workspace = await createAndStart(backend, `started-${suffix}`);

      // the status hook runs right after the status is recorded
      const { value: startDuration } = await waitUntil(
        'the start duration to be recorded',
        async () => {
          const value = valueAt(
            await telemetry.exported(),
            'workspaces.start.duration',
            { 'workspaces.environment': 'tools' },
          ) as Histogram | undefined;
          return { done: value !== undefined, value };
        },
        10_000,
      );
      expect(startDuration!.count).toBe(1);
      expect(startDuration!.sum).toBeGreaterThan(0);
      expect(startDuration!.sum).toBeLessThan(120);

      const points = await telemetry.exported();
      expect(countOf(points, 'Running')).toBe(1);
      expect(countOf(points, 'Stopped')).toBe(1);
      expect(
        valueAt(points, 'workspaces.reconcile.passes', {
          'workspaces.reconcile.kind': 'reconcile',
        }),
      ).toBeGreaterThan(0);
      const successesByMethod = new Map<string, number>();
      for (const point of points.get('workspaces.kubernetes.requests')!) {
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
      // the pod watcher lists (GET), the reconciler applies (server-side apply: PATCH)
      expect(successesByMethod.get('GET')).toBeGreaterThan(0);
      expect(successesByMethod.get('PATCH')).toBeGreaterThan(0);
    });

    it('counts a WebSocket through the tool proxy while it is open', async () => {
      const connections = async () =>
        valueAt(
          await telemetry.exported(),
          'workspaces.tool_proxy.active_connections',
          { 'workspaces.tool.type': 'jupyterlab' },
        );
      const session = await openToolSession(
        backend.server,
        backend.user('bob'),
        workspace.id,
        'lab',
      );
      const socket = await session.socket('api/kernels/k-1/channels');
      expect(await connections()).toBe(1);

      socket.close();
      await waitUntil(
        'the closed WebSocket to be counted out',
        async () => {
          const value = await connections();
          return { done: value === 0, value };
        },
        10_000,
      );
    });

    it('counts a stop by its reason, once, and the workspace as Stopped again', async () => {
      await stop(backend, workspace.id);
      // stopping a stopped workspace again is no second stop
      await request(backend.server)
        .post(`/api/workspaces/workspaces/${workspace.id}/stop`)
        .set('Authorization', backend.user('bob'));

      const points = await telemetry.exported();
      expect(points.get('workspaces.stops')).toEqual([
        expect.objectContaining({
          attributes: { 'workspaces.stop.reason': 'StopRequested' },
          value: 1,
        }),
      ]);
      expect(countOf(points, 'Stopped')).toBe(2);
      // the gauge reports what is, not what was: no Running workspace is left
      expect(countOf(points, 'Running')).toBe(0);
    });

    it('counts a stop by a lifecycle policy by its reason (the maximum runtime)', async () => {
      const bob = backend.user('bob');
      const policed = await createAndStart(backend, `policed-${suffix}`);
      clock.advance(50);
      await waitUntil(
        'the warning of the stop',
        async () => {
          const { body } = await request(backend.server)
            .get(`/api/workspaces/workspaces/${policed.id}`)
            .set('Authorization', bob);
          return { done: Boolean(body.autoStop), value: body };
        },
        30_000,
      );
      clock.advance(15);
      await waitForStatus(backend.server, bob, policed.id, 'Stopped');

      const points = await telemetry.exported();
      expect(
        valueAt(points, 'workspaces.stops', {
          'workspaces.stop.reason': 'AutoStopMaxRuntime',
        }),
      ).toBe(1);
      expect(
        valueAt(points, 'workspaces.stops', {
          'workspaces.stop.reason': 'StopRequested',
        }),
      ).toBe(1);
    });

    it('serves the figures to a Prometheus scrape under the names deploy/README.md lists', async () => {
      const response = await fetch(
        `http://127.0.0.1:${prometheusPort}/metrics`,
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      const series = (name: string, labels: string, value: string) =>
        new RegExp(`^${name}\\{[^}]*${labels}[^}]*\\} ${value}$`, 'm');
      expect(text).toMatch(
        series(
          'workspaces_workspace_count',
          `workspaces_workspace_status="Stopped",workspaces_project="${VISION}"`,
          '3',
        ),
      );
      expect(text).toMatch(
        series(
          'workspaces_stops_total',
          'workspaces_stop_reason="StopRequested"',
          '1',
        ),
      );
      expect(text).toMatch(
        series(
          'workspaces_stops_total',
          'workspaces_stop_reason="AutoStopMaxRuntime"',
          '1',
        ),
      );
      expect(text).toMatch(
        series(
          'workspaces_start_duration_count',
          'workspaces_environment="tools"',
          '2',
        ),
      );
      expect(text).toMatch(
        series('workspaces_start_duration_bucket', 'le="\\+Inf"', '2'),
      );
      expect(text).toMatch(
        series(
          'workspaces_reconcile_passes_total',
          'workspaces_reconcile_kind="reconcile"',
          '[1-9]\\d*',
        ),
      );
      expect(text).toMatch(
        series(
          'workspaces_kubernetes_requests_total',
          // a start applies its StatefulSet anew: a server-side apply that
          // creates the object answers 201
          'http_request_method="PATCH",http_response_status_code="201"',
          '[1-9]\\d*',
        ),
      );
      expect(text).toMatch(
        series(
          'workspaces_tool_proxy_active_connections',
          'workspaces_tool_type="jupyterlab"',
          '0',
        ),
      );
    });
  },
);

/*
 * Negative control: a backend in a process without a MeterProvider (no
 * instrumentation file) works as before, and its instruments report
 * nothing, even to a provider installed later.
 */
describe('the workspaces backend without a MeterProvider', () => {
  let backend: WorkspacesTestBackend;
  let tool: TestTool;

  beforeAll(async () => {
    tool = await startTestTool();
    ({ backend } = await startRuntimeTestBackend({
      databases,
      databaseId: 'SQLITE_3',
      workspaces: withTestTool(tool),
    }));
  });

  afterAll(async () => {
    await backend?.stop();
    await tool?.close();
  });

  it('creates, starts and stops a workspace, and reports no figures', async () => {
    const { id } = await createAndStart(backend, 'unmeasured');
    await stop(backend, id);

    const late = inMemoryMetrics();
    metrics.setGlobalMeterProvider(late.provider);
    try {
      expect(await late.scopes()).not.toContain('backstage-plugin-workspaces');
    } finally {
      await late.provider.shutdown();
      metrics.disable();
    }
  });
});
