import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { freePort } from '../__testUtils__/freePort';
import { inMemoryMetrics, valueAt } from '../__testUtils__/inMemoryMetrics';
import { WorkspacesMetrics } from '../metrics/WorkspacesMetrics';
import { createKubeConfig } from './createKubeConfig';
import { TooManyRequests } from './TooManyRequests';

/**
 * The runtime's Kubernetes clients against `url`, counting in `metrics`
 * as createKubernetesRuntime sets them up.
 */
function clients(url: string, metrics: WorkspacesMetrics) {
  const tooManyRequests = new TooManyRequests({
    cluster: 'busy',
    logger: mockServices.logger.mock(),
  });
  const kubeConfig = createKubeConfig(
    {
      name: 'busy',
      url,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'token',
      // client-node refuses plain HTTP otherwise
      skipTLSVerify: true,
    },
    tooManyRequests,
    metrics,
  );
  return { core: kubeConfig.makeApiClient(CoreV1Api), tooManyRequests };
}

/*
 * A real 429 of the local control plane needs a burst that exceeds its
 * priority level (apiPriorityAndFairness.test.ts); here an API server on
 * loopback answers the first request 429 and the next one 200, on demand.
 */
describe('the Kubernetes request count', () => {
  const { provider, exported } = inMemoryMetrics();
  const metrics = new WorkspacesMetrics(provider.getMeter('test'));
  let server: Server;
  let answered = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      answered++;
      if (answered === 1) {
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': '0',
        });
        res.end(
          JSON.stringify({
            kind: 'Status',
            code: 429,
            reason: 'TooManyRequests',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'default' },
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
    await provider.shutdown();
  });

  it('counts each attempt by method and answer, the 429 that was retried included', async () => {
    const { port } = server.address() as AddressInfo;
    const { core, tooManyRequests } = clients(
      `http://127.0.0.1:${port}`,
      metrics,
    );

    await expect(core.readNamespace({ name: 'default' })).resolves.toEqual(
      expect.objectContaining({ metadata: { name: 'default' } }),
    );

    const points = await exported();
    const at = (code: number) =>
      valueAt(points, 'workspaces.kubernetes.requests', {
        'k8s.cluster.name': 'busy',
        'http.request.method': 'GET',
        'http.response.status_code': code,
      });
    expect(at(429)).toBe(1);
    expect(at(200)).toBe(1);
    expect(tooManyRequests.count()).toBe(1);
  });

  it('counts a request no server answered by its error, without a status code', async () => {
    const closedPort = await freePort();
    const { core } = clients(`http://127.0.0.1:${closedPort}`, metrics);

    await expect(core.readNamespace({ name: 'default' })).rejects.toThrow();

    const refused = (await exported())
      .get('workspaces.kubernetes.requests')!
      .filter(point => point.attributes['error.type'] !== undefined);
    expect(refused).toEqual([
      expect.objectContaining({
        attributes: {
          'k8s.cluster.name': 'busy',
          'http.request.method': 'GET',
          'error.type': 'ECONNREFUSED',
        },
        value: 1,
      }),
    ]);
  });
});
