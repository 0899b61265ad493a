import { CoreV1Api, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKubeClients } from './__testUtils__/createKubeClients';
import { createTestNamespace } from './__testUtils__/createTestNamespace';
import { eventually } from './__testUtils__/eventually';
import { getKubeLocal } from './getKubeLocal';
import { isLoopbackAddress } from './findNonLoopbackAddresses';
import { startKubeLocal } from './startKubeLocal';

/*
 * The process runtime of kube-local: pods whose image the runtimes file maps
 * (here the test images kube-local.test/python and kube-local.test/shell of
 * tools/kube-local/runtimes/runtimes.yaml) run as real processes. The shared
 * control plane of the test run has a crash-loop back-off of 2 s.
 */

const container = (
  c: Partial<V1PodSpec['containers'][number]>,
): V1PodSpec['containers'][number] => ({
  name: 'app',
  image: 'kube-local.test/python:1',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  },
  ...c,
});

const podSpec = (spec: Partial<V1PodSpec>): V1PodSpec => ({
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    fsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [container({})],
  ...spec,
});

async function createPod(
  core: CoreV1Api,
  namespace: string,
  name: string,
  spec: V1PodSpec,
) {
  await core.createNamespacedPod({
    namespace,
    body: { metadata: { name }, spec },
  });
}

async function podWhen(
  core: CoreV1Api,
  namespace: string,
  name: string,
  what: string,
  check: (pod: V1Pod) => boolean,
  timeoutMs = 30_000,
): Promise<V1Pod> {
  return eventually(async () => {
    const pod = await core.readNamespacedPod({ namespace, name });
    if (!check(pod)) {
      throw new Error(
        `pod ${name}: not yet ${what}: ${JSON.stringify(pod.status)}`,
      );
    }
    return pod;
  }, timeoutMs);
}

const isReady = (pod: V1Pod) =>
  pod.status?.conditions?.some(
    c => c.type === 'Ready' && c.status === 'True',
  ) ?? false;

describe('the process runtime of kube-local', () => {
  const { core } = createKubeClients(getKubeLocal());
  let ns: string;
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;

  beforeAll(async () => {
    namespace = await createTestNamespace(core, 'procs');
    ns = namespace.name;
  }, 30_000);
  afterAll(() => namespace?.remove());

  it('runs a mapped image as processes that serve on the pod’s own loopback address, two pods on one port', async () => {
    const probe = {
      httpGet: { path: '/', port: 8080 as any },
      periodSeconds: 1,
    };
    for (const name of ['web-a', 'web-b']) {
      await createPod(
        core,
        ns,
        name,
        podSpec({ containers: [container({ readinessProbe: probe })] }),
      );
    }
    const pods = await Promise.all(
      ['web-a', 'web-b'].map(n => podWhen(core, ns, n, 'Ready', isReady)),
    );
    const ips = pods.map(p => p.status!.podIP!);
    expect(new Set(ips).size).toBe(2);
    for (const ip of ips) {
      expect(isLoopbackAddress(ip)).toBe(true);
      const res = await fetch(`http://${ip}:8080/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Directory listing');
    }
  }, 60_000);

  it('keeps a pod whose readiness probe fails Running but not Ready, with Unhealthy events', async () => {
    await createPod(
      core,
      ns,
      'unready',
      podSpec({
        containers: [
          container({
            readinessProbe: {
              tcpSocket: { port: 9999 as any },
              periodSeconds: 1,
              failureThreshold: 1,
            },
          }),
        ],
      }),
    );
    await eventually(async () => {
      const events = await core.listNamespacedEvent({
        namespace: ns,
        fieldSelector: 'involvedObject.name=unready,reason=Unhealthy',
      });
      if (events.items.length === 0) throw new Error('no Unhealthy event yet');
      expect(events.items[0].message).toContain('Readiness probe failed');
    });
    const pod = await core.readNamespacedPod({
      namespace: ns,
      name: 'unready',
    });
    expect(pod.status?.phase).toBe('Running');
    expect(isReady(pod)).toBe(false);
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: true,
      state: { running: expect.anything() },
    });
  }, 60_000);

  it('restarts a process that exits 1 with a growing back-off: CrashLoopBackOff, exit code, restart count', async () => {
    await createPod(
      core,
      ns,
      'crasher',
      podSpec({
        containers: [
          container({
            image: 'kube-local.test/shell:1',
            args: ['echo about to fail; exit 1'],
          }),
        ],
      }),
    );
    const messages = new Set<string>();
    const pod = await podWhen(
      core,
      ns,
      'crasher',
      'in its second back-off',
      p => {
        const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
        if (waiting?.reason === 'CrashLoopBackOff' && waiting.message) {
          messages.add(waiting.message.split(' ')[1]);
        }
        return messages.size >= 2;
      },
      60_000,
    );
    expect([...messages]).toEqual(['2s', '4s']);
    const status = pod.status!.containerStatuses![0];
    expect(status.restartCount).toBeGreaterThanOrEqual(2);
    expect(status.lastState?.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    const previous = await core.readNamespacedPodLog({
      namespace: ns,
      name: 'crasher',
      previous: true,
    });
    expect(previous).toBe('about to fail\n');
  }, 90_000);

  it('serves logs through the API server: all, the last lines, and what follows', async () => {
    await createPod(
      core,
      ns,
      'talker',
      podSpec({
        containers: [
          container({
            image: 'kube-local.test/shell:1',
            args: [
              'for i in 1 2 3 4 5; do echo line $i; done; sleep 2; echo later; sleep infinity',
            ],
          }),
        ],
      }),
    );
    await podWhen(
      core,
      ns,
      'talker',
      'Running',
      p => p.status?.phase === 'Running',
    );
    const all = await eventually(async () => {
      const text = await core.readNamespacedPodLog({
        namespace: ns,
        name: 'talker',
      });
      if (!text.includes('line 5')) throw new Error(text);
      return text;
    });
    expect(all.startsWith('line 1\nline 2\n')).toBe(true);
    expect(
      await core.readNamespacedPodLog({
        namespace: ns,
        name: 'talker',
        tailLines: 2,
      }),
    ).toMatch(/^line 4\nline 5\n/);
    const followed = await core.readNamespacedPodLog({
      namespace: ns,
      name: 'talker',
      follow: true,
      tailLines: 1,
      limitBytes: 'line 5\nlater\n'.length,
    });
    expect(followed).toBe('line 5\nlater\n');
  }, 60_000);

  it('runs init containers in order before the app, with the pod’s volumes shared, env from the pod and secrets', async () => {
    await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'creds' }, stringData: { token: 's3cret' } },
    });
    const mount = { name: 'shared', mountPath: '/shared' };
    await createPod(
      core,
      ns,
      'inits',
      podSpec({
        initContainers: [
          container({
            name: 'first',
            image: 'kube-local.test/shell:1',
            args: ['echo first >> /shared/order'],
            volumeMounts: [mount],
          }),
          container({
            name: 'second',
            image: 'kube-local.test/shell:1',
            args: ['echo second >> /shared/order'],
            volumeMounts: [mount],
          }),
        ],
        containers: [
          container({
            image: 'kube-local.test/shell:1',
            args: [
              'cat /shared/order; echo "$GREETING"; id -u; hostname; sleep infinity',
            ],
            env: [
              {
                name: 'TOKEN',
                valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } },
              },
              {
                name: 'POD',
                valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
              },
              { name: 'GREETING', value: '$(POD) has $(TOKEN)' },
            ],
            volumeMounts: [mount],
          }),
        ],
        volumes: [{ name: 'shared', emptyDir: {} }],
      }),
    );
    await podWhen(
      core,
      ns,
      'inits',
      'Running',
      p => p.status?.phase === 'Running',
    );
    const log = await eventually(async () => {
      const text = await core.readNamespacedPodLog({
        namespace: ns,
        name: 'inits',
      });
      if (!text.includes('inits')) throw new Error(text);
      return text;
    });
    expect(log).toBe('first\nsecond\ninits has s3cret\n1000\ninits\n');
  }, 60_000);

  it('keeps a volume claim’s data across pods, and removes it with the volume', async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
    });
    const withData = (args: string) =>
      podSpec({
        restartPolicy: 'Never',
        containers: [
          container({
            image: 'kube-local.test/shell:1',
            args: [args],
            volumeMounts: [{ name: 'data', mountPath: '/home/app/work' }],
          }),
        ],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        ],
      });
    await createPod(
      core,
      ns,
      'writer',
      withData('echo kept > /home/app/work/note.txt'),
    );
    await podWhen(
      core,
      ns,
      'writer',
      'Succeeded',
      p => p.status?.phase === 'Succeeded',
    );
    await core.deleteNamespacedPod({ namespace: ns, name: 'writer' });
    await createPod(
      core,
      ns,
      'reader',
      withData('cat /home/app/work/note.txt'),
    );
    await podWhen(
      core,
      ns,
      'reader',
      'Succeeded',
      p => p.status?.phase === 'Succeeded',
    );
    expect(
      await core.readNamespacedPodLog({ namespace: ns, name: 'reader' }),
    ).toBe('kept\n');

    const claim = await core.readNamespacedPersistentVolumeClaim({
      namespace: ns,
      name: 'data',
    });
    const volume = await core.readPersistentVolume({
      name: claim.spec!.volumeName!,
    });
    const dir = volume.spec!.hostPath!.path;
    expect(existsSync(join(dir, 'note.txt'))).toBe(true);
    await core.deleteNamespacedPod({ namespace: ns, name: 'reader' });
    await core.deleteNamespacedPersistentVolumeClaim({
      namespace: ns,
      name: 'data',
    });
    await eventually(async () => {
      if (existsSync(dir)) throw new Error(`${dir} is still there`);
    });
  }, 90_000);
});

describe('processes of a kube-local', () => {
  it('leaves none behind when kube-local is killed with SIGKILL', async () => {
    const kube = await startKubeLocal();
    try {
      const { core } = createKubeClients(kube);
      // a sleep nobody else runs: its duration is the marker
      const marker = String(900_000 + (Date.now() % 99_999));
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'sleeper' },
          spec: podSpec({
            containers: [
              container({
                image: 'kube-local.test/shell:1',
                // a child of the container's command, in its process tree
                args: [`sleep ${marker} & wait`],
              }),
            ],
          }),
        },
      });
      const running = () =>
        readdirSync('/proc')
          .filter(p => /^\d+$/.test(p))
          .filter(p => {
            try {
              return (
                readFileSync(`/proc/${p}/cmdline`, 'utf8') ===
                `sleep\0${marker}\0`
              );
            } catch {
              return false; // gone meanwhile
            }
          });
      const before = await eventually(async () => {
        const pids = running();
        if (pids.length === 0) {
          throw new Error('the container is not running yet');
        }
        return pids;
      });
      expect(before).toHaveLength(1);
      process.kill(kube.pid, 'SIGKILL');
      const left = await eventually(async () => {
        const pids = running();
        if (pids.length > 0) throw new Error(`still running: ${pids}`);
        return pids;
      }, 10_000);
      expect(left).toEqual([]);
    } finally {
      await kube.stop();
    }
  }, 120_000);
});
