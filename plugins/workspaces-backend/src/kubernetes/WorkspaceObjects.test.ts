import { mockServices } from '@backstage/backend-test-utils';
import { AppsV1Api, CoreV1Api, V1Service } from '@kubernetes/client-node';
import {
  createAdminKubeConfig,
  createRestrictedNamespaces,
  getKubeLocal,
} from '@internal/kube-local';
import { waitUntil } from '../__testUtils__/waitUntil';
import {
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  RUN_ID_LABEL,
  WORKSPACE_ID_LABEL,
} from './labels';
import { PodWatcher } from './PodWatcher';
import { EVENTS_TTL_MS } from './RecentEvents';
import { WorkspaceObjects } from './WorkspaceObjects';

jest.setTimeout(60_000);

const kube = getKubeLocal();
const namespace = 'objects-test';
const kubeConfig = createAdminKubeConfig(kube);
const core = kubeConfig.makeApiClient(CoreV1Api);

const service = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name,
    namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, ...labels },
  },
  spec: { ports: [{ port: 8888 }], selector: { app: name } },
});

/** A pod the namespace's restricted Pod Security Standard admits. */
const idlePodSpec = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [
    {
      name: 'main',
      image: 'registry.example.com/idle:1',
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
    },
  ],
};

const readService = (name: string): Promise<V1Service | undefined> =>
  core.readNamespacedService({ namespace, name }).catch(() => undefined);

describe('WorkspaceObjects', () => {
  beforeAll(() => createRestrictedNamespaces(kube, [namespace]));

  it('trusts an object seen as applied until the drift check is due, then repairs it', async () => {
    let now = 0;
    const objects = new WorkspaceObjects(kubeConfig, {
      driftCheckMs: 60_000,
      now: () => now,
    });
    const manifest = service('ws-drift');

    const uid = await objects.applyIfChanged(manifest);
    expect((await readService('ws-drift'))?.metadata?.uid).toBe(uid);

    await core.deleteNamespacedService({ namespace, name: 'ws-drift' });
    now = 47_999;
    // within the interval (80 to 100% of it): no read, so the deletion by
    // hand is not seen yet
    await expect(objects.applyIfChanged(manifest)).resolves.toBe(uid);
    expect(await readService('ws-drift')).toBeUndefined();

    now = 60_000;
    const repairedUid = await objects.applyIfChanged(manifest);
    expect(repairedUid).not.toBe(uid);
    expect((await readService('ws-drift'))?.metadata?.uid).toBe(repairedUid);

    // a changed manifest is applied at once, whatever the interval
    now = 60_001;
    await objects.applyIfChanged(service('ws-drift', { size: 'large' }));
    expect((await readService('ws-drift'))?.metadata?.labels?.size).toBe(
      'large',
    );

    // after an outage, everything is read back at once
    await core.deleteNamespacedService({ namespace, name: 'ws-drift' });
    now = 60_002;
    objects.distrustWhatWasSeen();
    await objects.applyIfChanged(service('ws-drift', { size: 'large' }));
    expect(await readService('ws-drift')).toBeDefined();
  });

  it('looks for an object found absent once per drift-check interval, and at once after this backend applies it', async () => {
    let now = 0;
    const objects = new WorkspaceObjects(kubeConfig, {
      driftCheckMs: 60_000,
      now: () => now,
    });
    const manifest = service('ws-absent');

    expect(await objects.readUnlessAbsent(manifest)).toBeUndefined();
    // made by someone else: within the interval, still taken as absent
    await core.createNamespacedService({
      namespace,
      body: service('ws-absent'),
    });
    now = 47_999;
    expect(await objects.readUnlessAbsent(manifest)).toBeUndefined();
    // then read again
    now = 60_000;
    expect((await objects.readUnlessAbsent(manifest))?.metadata?.name).toBe(
      'ws-absent',
    );

    // deleted by hand: the read found it, so the next look reads again
    await core.deleteNamespacedService({ namespace, name: 'ws-absent' });
    now = 60_001;
    expect(await objects.readUnlessAbsent(manifest)).toBeUndefined();
    // applied by this backend: read at once, within the interval
    await objects.apply(manifest);
    now = 60_002;
    expect((await objects.readUnlessAbsent(manifest))?.metadata?.name).toBe(
      'ws-absent',
    );
  });

  it("lists an object's events at most once per EVENTS_TTL_MS", async () => {
    let now = 0;
    const objects = new WorkspaceObjects(kubeConfig, { now: () => now });
    const event = (name: string) =>
      core.createNamespacedEvent({
        namespace,
        body: {
          metadata: { name, namespace },
          involvedObject: {
            kind: 'StatefulSet',
            name: 'ws-events',
            namespace,
          },
          reason: 'FailedCreate',
          message: name,
          type: 'Warning',
          lastTimestamp: new Date(),
        },
      });
    const messages = async () =>
      (await objects.events.of(namespace, 'StatefulSet', 'ws-events')).map(
        e => e.message,
      );

    await event('first');
    expect(await messages()).toEqual(['first']);
    await event('second');
    // within the time: the list already made
    now = EVENTS_TTL_MS - 1;
    expect(await messages()).toEqual(['first']);
    // then listed again
    now = EVENTS_TTL_MS;
    expect(await messages()).toEqual(['first', 'second']);
  });

  it('keeps a running StatefulSet as it is for a pending restart, but applies one scaled to zero, whose start was not applied yet', async () => {
    const objects = new WorkspaceObjects(kubeConfig);
    const statefulSet = (name: string, replicas: number, image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name,
        namespace,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      },
      spec: {
        replicas,
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'main', image }] },
        },
      },
    });
    const manifests = (name: string, replicas: number, image: string) => () =>
      ({
        volumeClaims: [],
        statefulSet: statefulSet(name, replicas, image),
        service: service(name),
        networkPolicy: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace },
          spec: {
            podSelector: { matchLabels: { app: name } },
            policyTypes: ['Ingress'],
            ingress: [],
          },
        },
        ingresses: [],
      } as any);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const replicasOf = async (name: string) =>
      (await apps.readNamespacedStatefulSet({ namespace, name })).spec;

    // running, with a change pending: the StatefulSet stays as it is
    await objects.applyAll(manifests('ws-running', 1, 'image:1'), {
      keepRunningPod: false,
    });
    await objects.applyAll(manifests('ws-running', 1, 'image:2'), {
      keepRunningPod: true,
    });
    expect(
      (await replicasOf('ws-running'))?.template.spec?.containers[0].image,
    ).toBe('image:1');

    // stopped, then started and changed before the start was applied: the
    // start (and the change) are applied
    await objects.applyAll(manifests('ws-stopped', 0, 'image:1'), {
      keepRunningPod: false,
    });
    await objects.applyAll(manifests('ws-stopped', 1, 'image:2'), {
      keepRunningPod: true,
    });
    const started = await replicasOf('ws-stopped');
    expect(started?.replicas).toBe(1);
    expect(started?.template.spec?.containers[0].image).toBe('image:2');
  });

  it('with the workload Pod, keeps the pod of the current run, and replaces one of an earlier run unless a restart is pending', async () => {
    const objects = new WorkspaceObjects(kubeConfig);
    const name = 'ws-runs';
    const pod = (run: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-0`,
        namespace,
        labels: {
          [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
          [WORKSPACE_ID_LABEL]: 'id-runs',
          [RUN_ID_LABEL]: run,
        },
      },
      spec: idlePodSpec,
    });
    const manifests = (run: string) => () =>
      ({
        volumeClaims: [],
        networkPolicy: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace },
          spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [] },
        },
        pod: pod(run),
        ingresses: [],
      } as any);
    const readPod = () =>
      core
        .readNamespacedPod({ namespace, name: `${name}-0` })
        .catch(() => undefined);

    const created = await objects.applyAll(manifests('run-1'), {
      keepRunningPod: false,
    });
    expect(created.waitingForPod).toBeFalsy();
    const first = await readPod();
    expect(first?.metadata?.labels?.[RUN_ID_LABEL]).toBe('run-1');

    // the same run, or a restart pending: the pod stays
    await objects.applyAll(manifests('run-1'), { keepRunningPod: false });
    await objects.applyAll(manifests('run-2'), { keepRunningPod: true });
    expect((await readPod())?.metadata?.uid).toBe(first?.metadata?.uid);

    // a new run: the earlier run's pod goes, then the new one comes
    const replacing = await objects.applyAll(manifests('run-2'), {
      keepRunningPod: false,
    });
    expect(replacing.waitingForPod).toBe(true);
    const { value: second } = await waitUntil(
      "the new run's pod",
      async () => {
        const outcome = await objects.applyAll(manifests('run-2'), {
          keepRunningPod: false,
        });
        const now = await readPod();
        return {
          done: !outcome.waitingForPod && Boolean(now),
          value: now,
        };
      },
      30_000,
      500,
    );
    expect(second?.metadata?.uid).not.toBe(first?.metadata?.uid);
    expect(second?.metadata?.labels?.[RUN_ID_LABEL]).toBe('run-2');
  });

  it('counts a pod it deleted as going while the watch cache still shows it as it was, until a read shows it gone or the drift-check interval passes', async () => {
    const name = 'ws-deleted-0';
    const created = await core.createNamespacedPod({
      namespace,
      body: { metadata: { name }, spec: idlePodSpec },
    });
    let now = 0;
    // the watch cache: the pod as it was before its delete, until told
    let cached: { pod?: typeof created } = { pod: created };
    const objects = new WorkspaceObjects(kubeConfig, {
      driftCheckMs: 60_000,
      now: () => now,
      pods: { cachedPod: () => cached },
    });
    const asCached = async () => (await objects.readPod(namespace, name))!;
    const uid = created.metadata!.uid!;
    expect(objects.isGoing(await asCached())).toBe(false);

    await objects.delete(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } },
      { uid },
    );
    expect(objects.isGoing(await asCached())).toBe(true);
    // another pod of that name (a later run's) is not the one deleted
    const later = { ...created, metadata: { ...created.metadata, uid: 'x' } };
    expect(objects.isGoing(later)).toBe(false);
    // trusted for the drift-check interval only
    now = 60_000;
    expect(objects.isGoing(await asCached())).toBe(false);

    // forgotten once a read shows the pod gone
    now = 0;
    cached = { pod: undefined };
    await objects.readPod(namespace, name);
    cached = { pod: created };
    expect(objects.isGoing(await asCached())).toBe(false);
  });

  it('reads pods from the watch cache while it is synced, from the API otherwise', async () => {
    // a pod without the managed-by label: the watch leaves it out
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'ws-unmanaged-0' },
        spec: idlePodSpec,
      },
    });
    const pods = new PodWatcher(kubeConfig, mockServices.logger.mock());
    const objects = new WorkspaceObjects(kubeConfig, { pods });
    const read = () => objects.readPod(namespace, 'ws-unmanaged-0');

    expect(pods.cachedPod(namespace, 'ws-unmanaged-0')).toBeUndefined();
    expect((await read())?.metadata?.name).toBe('ws-unmanaged-0');

    await pods.start({
      podChanged: () => {},
      unreachable: () => {},
      reachable: () => {},
    });
    expect(pods.cachedPod(namespace, 'ws-unmanaged-0')).toEqual({
      pod: undefined,
    });
    await expect(read()).resolves.toBeUndefined();

    await pods.stop();
    expect(pods.cachedPod(namespace, 'ws-unmanaged-0')).toBeUndefined();
    expect((await read())?.metadata?.name).toBe('ws-unmanaged-0');
  });
});
