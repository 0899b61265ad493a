import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api } from '@kubernetes/client-node';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/eachDatabase';
import { runtimeTestConfig } from '../__testUtils__/kubernetesTestCluster';
import {
  startWorkspacesTestBackend,
  WorkspacesTestBackend,
} from '../__testUtils__/startWorkspacesTestBackend';
import { createWorkspace } from '../__testUtils__/workspaceRequests';
import { waitUntil } from '../__testUtils__/waitUntil';
import { createKubeConfig } from '../kubernetes/createKubeConfig';
import { TooManyRequests } from '../kubernetes/TooManyRequests';
import { kubeConfigOf } from './__testUtils__/findSecretRightsOutside';
import { reportFigures } from './__testUtils__/reportFigures';
import {
  AuditedCluster,
  startAuditedCluster,
} from './__testUtils__/startAuditedCluster';
import { throttlePlugin } from './__testUtils__/throttlePlugin';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const [[databaseId]] = databases.eachSupportedId();

/** The audit log's id of a ServiceAccount token: its JWT id. */
const credentialIdOf = (token: string) =>
  `JTI=${
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti
  }`;

/** `count` list requests at once, each settled as its HTTP status. */
async function burst(core: CoreV1Api, count: number) {
  return Promise.all(
    Array.from({ length: count }, () =>
      core
        .listNamespacedPod({ namespace: 'vision' })
        .then(() => ({ code: 200, retryAfter: undefined }))
        .catch(error => ({
          code: error.code as number,
          retryAfter: error.headers?.['retry-after'] as string | undefined,
        })),
    ),
  );
}

/*
 * A real 429: the API server of kube-local, with API Priority and Fairness
 * giving the plugin's ServiceAccount a priority level of the fewest seats
 * and no queue (throttlePlugin), so concurrent requests of the plugin are
 * turned away as on a busy cluster.
 */
describe(`API Priority and Fairness (${databaseId})`, () => {
  let cluster: AuditedCluster;
  const tooManyRequestsOf = (token: string) =>
    cluster
      .requests()
      .filter(r => r.code === 429 && r.credentialId === credentialIdOf(token))
      .length;

  beforeAll(async () => {
    cluster = await startAuditedCluster(['vision']);
    await throttlePlugin(cluster.kube);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('negative control: a burst of the plugin without retries is refused with 429 and a Retry-After', async () => {
    const token = await cluster.pluginToken();
    const core = kubeConfigOf(cluster.kube, token).makeApiClient(CoreV1Api);
    // the API server takes the new priority level up within a few seconds
    const { value: refused } = await waitUntil(
      'a 429 from the throttled priority level',
      async () => {
        const answers = await burst(core, 40);
        const tooMany = answers.filter(answer => answer.code === 429);
        return { done: tooMany.length > 0, value: tooMany };
      },
      30_000,
    );
    expect(refused[0].retryAfter).toMatch(/^\d+$/);
  });

  it("retries each 429 after its Retry-After: the same burst through the runtime's clients all succeeds, and each 429 is counted", async () => {
    const token = await cluster.pluginToken();
    const counter = new TooManyRequests({
      cluster: 'local',
      logger: mockServices.logger.mock(),
    });
    const kubeConfig = createKubeConfig(
      {
        name: 'local',
        url: cluster.kube.server,
        caData: cluster.kube.caData,
        authProvider: 'serviceAccount',
        serviceAccountToken: token,
        skipTLSVerify: false,
      },
      counter,
    );
    // bursts until one meets a 429 (whether 40 requests at once exceed the
    // level's seat depends on how fast the machine answers them); every
    // request of every burst must succeed
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const answers: Array<{ code: number }> = [];
    await waitUntil(
      'a burst that meets a 429',
      async () => {
        answers.push(...(await burst(core, 40)));
        return { done: counter.count() > 0, value: answers.length };
      },
      60_000,
      0,
    );

    expect(answers.filter(answer => answer.code !== 200)).toEqual([]);
    expect(counter.count()).toBeGreaterThan(0);
    // the counter counts what the API server answered, no more, no less
    expect(counter.count()).toBe(tooManyRequestsOf(token));
  });

  it('keeps the last known status of workspaces while the API server answers 429, never Unknown, and runs them', async () => {
    const token = await cluster.pluginToken();
    let backend: WorkspacesTestBackend | undefined;
    // a neighbour of the same ServiceAccount keeps the priority level busy
    const noiseCore = kubeConfigOf(
      cluster.kube,
      await cluster.pluginToken(),
    ).makeApiClient(CoreV1Api);
    let noisy = true;
    const noise = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (noisy) {
          await burst(noiseCore, 1);
        }
      }),
    );
    const seen = new Set<string>();
    try {
      backend = await startWorkspacesTestBackend({
        databases,
        databaseId,
        config: runtimeTestConfig(cluster.kube, token),
      });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const workspace = await createWorkspace(
          backend.server,
          backend.user('bob'),
          { name: `busy-${i}` },
        );
        ids.push(workspace.id);
      }
      const statuses = async () =>
        Promise.all(
          ids.map(
            async id =>
              (
                await request(backend!.server)
                  .get(`/api/workspaces/workspaces/${id}`)
                  .set('Authorization', backend!.user('bob'))
              ).body.status as string,
          ),
        );
      // the noise until the backend was turned away a few times
      const throttled = await waitUntil(
        'the backend to be answered 429',
        async () => {
          (await statuses()).forEach(status => seen.add(status));
          const count = tooManyRequestsOf(token);
          return { done: count >= 3, value: count };
        },
        60_000,
        100,
      );
      noisy = false;
      await noise;
      const running = await waitUntil(
        'every workspace Running',
        async () => {
          const now = await statuses();
          now.forEach(status => seen.add(status));
          return { done: now.every(s => s === 'Running'), value: now };
        },
        120_000,
        100,
      );
      const backendTooMany = tooManyRequestsOf(token);
      reportFigures('api-priority-and-fairness', {
        'workspaces started while the plugin was throttled': ids.length,
        "429 answers to the backend's requests": backendTooMany,
        'seconds of noise until the third 429': (throttled.ms / 1000).toFixed(
          1,
        ),
        'seconds to all Running after the noise': (running.ms / 1000).toFixed(
          1,
        ),
        'statuses seen': [...seen].sort().join(' '),
        'Unknown seen': seen.has('Unknown'),
      });
      expect(backendTooMany).toBeGreaterThanOrEqual(3);
      expect([...seen]).not.toContain('Unknown');
    } finally {
      noisy = false;
      await noise;
      await backend?.stop();
    }
  });
});
